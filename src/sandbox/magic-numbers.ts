import { SANDBOX_SUBACCOUNT_SID } from "./accounts.js";
import type { NotPortableReason, NumberType } from "./rules.js";

/** A fixed portability answer. All magic numbers are US numbers. */
export interface MagicVerdict {
  /** null means portable. */
  readonly reason: NotPortableReason | null;
  readonly numberType: NumberType;
  readonly pinAndAccountNumberRequired: boolean;
  /** Who `account_sid` names: the request's target account, a fixed sandbox account, or nobody. */
  readonly accountSid: "target" | typeof SANDBOX_SUBACCOUNT_SID | null;
}

export type MagicNumber =
  | {
      readonly kind: "verdict";
      readonly verdict: MagicVerdict;
      /** The answer when the request carries an AddressSid, if that changes it. */
      readonly withAddressSid?: MagicVerdict;
      /** How long the answer is held back, to exercise client timeouts. */
      readonly holdMs?: number;
    }
  /** Transport-level failures: an HTTP error instead of a portability body, on every attempt. */
  | { readonly kind: "fault"; readonly fault: "rate-limited" | "unavailable" };

const portable = (numberType: NumberType, pinAndAccountNumberRequired: boolean): MagicVerdict => ({
  reason: null,
  numberType,
  pinAndAccountNumberRequired,
  accountSid: null,
});

const notPortable = (reason: NotPortableReason, accountSid: MagicVerdict["accountSid"] = null): MagicVerdict => ({
  reason,
  numberType: "LOCAL",
  pinAndAccountNumberRequired: false,
  accountSid,
});

/**
 * Numbers with a fixed answer, so every branch of a client can be exercised on demand.
 * They sit in the 555-01XX/555-04XX/555-05XX ranges, which are never assigned to real subscribers.
 * docs/sandbox.md documents this table; keep the two in step.
 */
export const MAGIC_NUMBERS: ReadonlyMap<string, MagicNumber> = new Map<string, MagicNumber>([
  ["+14155550100", { kind: "verdict", verdict: portable("LOCAL", false) }],
  ["+14155550110", { kind: "verdict", verdict: portable("MOBILE", true) }],
  ["+14155550130", { kind: "verdict", verdict: notPortable("UNSUPPORTED") }],
  ["+14155550131", { kind: "verdict", verdict: notPortable("ALREADY_IN_THE_TARGET_ACCOUNT", "target") }],
  ["+14155550132", { kind: "verdict", verdict: notPortable("ALREADY_IN_TWILIO_DIFFERENT_OWNER") }],
  ["+14155550133", { kind: "verdict", verdict: notPortable("MANUAL_PORTING_AVAILABLE") }],
  ["+14155550135", { kind: "verdict", verdict: notPortable("ERROR_INTERNAL_SERVER_ERROR") }],
  [
    "+14155550136",
    { kind: "verdict", verdict: notPortable("ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS", SANDBOX_SUBACCOUNT_SID) },
  ],
  [
    "+14155550171",
    { kind: "verdict", verdict: notPortable("MISSING_REQUIRED_FIELDS"), withAddressSid: portable("LOCAL", false) },
  ],
  ["+14155550429", { kind: "fault", fault: "rate-limited" }],
  ["+14155550503", { kind: "fault", fault: "unavailable" }],
  ["+14155550504", { kind: "verdict", verdict: portable("LOCAL", false), holdMs: 60_000 }],
]);
