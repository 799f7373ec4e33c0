import type { CheckFailure, PortabilityAnswer } from "./check-result.js";
import type { PortingNextStep } from "./porting-next-step.js";

/** What a result says about the question it answers, beside Twilio's answer. */
export interface CheckedFor {
  /** See result-id.ts: stable for (targetAccountSid, addressSid, phoneNumber). */
  readonly id: string;
  /** The number exactly as the caller gave it; `phoneNumber` is the one checked. */
  readonly input: string;
  /** The target the check was made for after the caller's key chose it (null: Twilio's default). */
  readonly targetAccountSid: string | null;
  readonly addressSid: string | null;
}

/** What to do next (datasources/guidance.ts). */
export interface AnswerGuidance {
  readonly nextStep: PortingNextStep;
  readonly guidance: string;
  readonly helpUrl: string | null;
}

/**
 * A result as one field returns it: a new object per returned result, never the checked one
 * mutated, because one CheckResult is shared by every alias and repeat of its key (the loader), by
 * requests joining one upstream call and by the verdict cache, while `input` differs between them.
 */
export type ReturnedResult =
  | (PortabilityAnswer & CheckedFor & AnswerGuidance)
  | (CheckFailure & CheckedFor & { readonly nextStep: PortingNextStep });
