/**
 * The same two clients as graphql-client.ts and direct-client.ts, on Node's global `fetch` (the
 * undici bundled with Node, its global keep-alive agent) instead of an undici Pool: what most
 * callers of the layer will use. Bodies are always read.
 */
const PREFIX = "/v1/Porting/Portability/PhoneNumber/";
const DIRECT_HEADERS = {
  authorization: `Basic ${Buffer.from("ACbench:bench-auth-token").toString("base64")}`,
  accept: "application/json",
};
const GRAPHQL_HEADERS = { "content-type": "application/json", accept: "application/json" };

export async function postGraphQLFetch<T>(origin: string, query: string, variables: Record<string, unknown>): Promise<{ status: number; data?: T }> {
  const response = await fetch(`${origin}/graphql`, { method: "POST", headers: GRAPHQL_HEADERS, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T };
  return { status: response.status, data: body.data };
}

export async function getDirectFetch(origin: string, phoneNumber: string): Promise<{ phone_number: string }> {
  const response = await fetch(`${origin}${PREFIX}${encodeURIComponent(phoneNumber)}`, { headers: DIRECT_HEADERS });
  const body = (await response.json()) as { phone_number: string };
  if (response.status !== 200) throw new Error(`stub answered ${response.status} for ${phoneNumber}`);
  return body;
}
