import type { Dispatcher } from "undici";
import { describeErrors, postGraphQL } from "./graphql-client.js";
import type { Report } from "./report.js";
import { elapsedMs, now } from "./stats.js";

/**
 * One single-number `portability` query, timed; checked to be the portable answer for that number.
 * The scenarios that measure how long one caller's check waits behind other work (fairness, abort).
 */
const QUERY = "query($p:String!){portability(phoneNumber:$p){__typename ... on Portability{phoneNumber portable}}}";

export async function timedCheck(
  client: Dispatcher,
  phoneNumber: string,
  report: Report,
  label: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<number> {
  const start = now();
  const response = await postGraphQL<{ portability: { __typename: string; phoneNumber?: string; portable?: boolean } }>(client, QUERY, { p: phoneNumber }, headers);
  const took = elapsedMs(start);
  const result = response.body.data?.portability;
  report.check(
    response.status === 200 && result?.__typename === "Portability" && result.phoneNumber === phoneNumber && result.portable === true,
    `${label}: ${describeErrors(response)} ${JSON.stringify(response.body.data)}, expected ${phoneNumber} portable`,
  );
  return took;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
