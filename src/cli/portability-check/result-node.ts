import type { CheckErrorCode } from "../../domain/check-error-code.js";
import type { CheckResult } from "../../domain/check-result.js";
import type { NotPortableReason } from "../../domain/not-portable-reason.js";
import type { NumberType } from "../../domain/number-type.js";
import type { PortingNextStep } from "../../domain/porting-next-step.js";
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

interface Checked {
  readonly id: string;
  readonly input: string;
  readonly phoneNumber: string;
  readonly targetAccountSid: string | null;
  readonly addressSid: string | null;
  readonly nextStep: PortingNextStep;
}

/** One result as GraphQL returns it with RESULT_FIELDS. */
export type ResultNode =
  | (Checked & {
      readonly __typename: "Portability";
      readonly accountSid: string | null;
      readonly portable: boolean;
      readonly pinAndAccountNumberRequired: boolean | null;
      readonly notPortableReason: NotPortableReason | null;
      readonly notPortableReasonCode: number | null;
      readonly numberType: NumberType;
      readonly country: string | null;
      readonly url: string | null;
      /** ISO 8601. */
      readonly checkedAt: string;
      readonly guidance: string;
      readonly helpUrl: string | null;
    })
  | (Checked & {
      readonly __typename: "PortabilityCheckError";
      readonly code: CheckErrorCode;
      readonly message: string;
      readonly retryable: boolean;
      readonly twilioErrorCode: number | null;
    });

/**
 * A GraphQL result as the stored job result the server's results.csv rows are made from, so the CLI's
 * csv is that file cell for cell. The node's other fields (nextStep, guidance, …) ride along.
 */
export function asJobResult(node: ResultNode): JobResult {
  const result: CheckResult = node.__typename === "Portability" ? { ...node, checkedAt: Date.parse(node.checkedAt) } : node;
  return { input: node.input, result };
}
