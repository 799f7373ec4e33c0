import type { CheckErrorCode } from "./check-error-code.js";
import type { NotPortableReason } from "./not-portable-reason.js";
import type { NumberType } from "./number-type.js";

/**
 * The result of checking one number. Plain objects tagged with their GraphQL type name: the union
 * resolves by the tag, and a batch of 10,000 results costs no class instances.
 */
export type CheckResult = PortabilityAnswer | CheckFailure;

/** Twilio's portability answer, field by field. */
export interface PortabilityAnswer {
  readonly __typename: "Portability";
  readonly phoneNumber: string;
  readonly accountSid: string | null;
  readonly portable: boolean;
  readonly pinAndAccountNumberRequired: boolean | null;
  readonly notPortableReason: NotPortableReason | null;
  readonly notPortableReasonCode: number | null;
  readonly numberType: NumberType;
  readonly country: string | null;
  readonly url: string | null;
  /** Epoch ms when Twilio gave this verdict (earlier than now when it came from the verdict cache). */
  readonly checkedAt: number;
}

/** No answer could be had; `message` is ours, never Twilio's body. */
export interface CheckFailure {
  readonly __typename: "PortabilityCheckError";
  readonly phoneNumber: string;
  readonly code: CheckErrorCode;
  readonly message: string;
  readonly retryable: boolean;
  readonly twilioErrorCode: number | null;
}
