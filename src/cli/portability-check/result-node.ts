import type { CheckResult } from "../../domain/check-result.js";
import type { ReturnedResult } from "../../domain/returned-result.js";
import type { JobResult } from "../../jobs/job.js";

/**
 * The fields the CLI asks for on each result: everything the contract has, so the json format shows
 * a result as the API gives it and the csv format can be the server's results.csv.
 */
export const RESULT_FIELDS = `
  __typename
  ... on Portability {
    id input phoneNumber targetAccountSid addressSid accountSid portable pinAndAccountNumberRequired
    notPortableReason notPortableReasonCode numberType country url checkedAt nextStep guidance helpUrl
  }
  ... on PortabilityCheckError {
    id input phoneNumber targetAccountSid addressSid code message retryable twilioErrorCode nextStep
  }
`;

/**
 * One result as GraphQL returns it with RESULT_FIELDS: the server's own returned result, with
 * `checkedAt` as DateTime serializes it (ISO 8601) instead of epoch ms.
 */
export type ResultNode = OverJson<ReturnedResult>;

/** Distributes over the union: only the Portability member has a DateTime. */
type OverJson<T> = T extends { readonly __typename: "Portability" } ? Omit<T, "checkedAt"> & { readonly checkedAt: string } : T;

/**
 * A GraphQL result as the stored job result the server's results.csv rows are made from, so the CLI's
 * csv is that file cell for cell. The node's other fields (nextStep, guidance, …) ride along.
 */
export function asJobResult(node: ResultNode): JobResult {
  const result: CheckResult = node.__typename === "Portability" ? { ...node, checkedAt: Date.parse(node.checkedAt) } : node;
  return { input: node.input, result };
}
