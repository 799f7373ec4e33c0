import type { AddressInfo } from "node:net";

/** The URL a bound server answers GraphQL on; an IPv6 address needs brackets (http://[::1]:4000). */
export function graphqlUrl(address: AddressInfo): string {
  const host = address.address.includes(":") ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}/graphql`;
}
