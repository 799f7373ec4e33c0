import type { CheckFailure, PortabilityAnswer } from "../../../src/domain/check-result.js";
import { CheckErrorCode } from "../../../src/domain/check-error-code.js";
import { NotPortableReason } from "../../../src/domain/not-portable-reason.js";
import { NumberType } from "../../../src/domain/number-type.js";
import type { CachedVerdict, VerdictKey } from "../../../src/cache/verdict-cache.js";

export const ACCOUNT = `AC${"a".repeat(32)}`;
export const OTHER_ACCOUNT = `AC${"b".repeat(32)}`;
export const TARGET = `AC${"c".repeat(32)}`;
export const ADDRESS = `AD${"d".repeat(32)}`;
export const NUMBER = "+14155550100";
export const CHECKED_AT = Date.parse("2026-01-01T00:00:00Z");

export function keyFor(phoneNumber = NUMBER, fields: Partial<VerdictKey> = {}): VerdictKey {
  return { accountSid: ACCOUNT, targetAccountSid: null, addressSid: null, phoneNumber, ...fields };
}

export function portable(phoneNumber = NUMBER, fields: Partial<PortabilityAnswer> = {}): PortabilityAnswer {
  return {
    __typename: "Portability",
    phoneNumber,
    accountSid: null,
    portable: true,
    pinAndAccountNumberRequired: false,
    notPortableReason: null,
    notPortableReasonCode: null,
    numberType: NumberType.LOCAL,
    country: "US",
    url: `https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/${phoneNumber}`,
    checkedAt: CHECKED_AT,
    ...fields,
  };
}

export function notPortable(phoneNumber: string, reason: NotPortableReason, code: number): PortabilityAnswer {
  return portable(phoneNumber, { portable: false, notPortableReason: reason, notPortableReasonCode: code, numberType: NumberType.UNKNOWN });
}

/** The answer carries when it was given, and so does the verdict: the two always agree. */
export function verdict(answer: PortabilityAnswer = portable(), checkedAt = CHECKED_AT): CachedVerdict {
  return { answer: { ...answer, checkedAt }, checkedAt };
}

/** A failure smuggled in where an answer is typed: a cache must refuse it at run time too. */
export function failureAsVerdict(phoneNumber = NUMBER): CachedVerdict {
  const failure: CheckFailure = {
    __typename: "PortabilityCheckError",
    phoneNumber,
    code: CheckErrorCode.UPSTREAM_UNAVAILABLE,
    message: "Twilio's portability service is unavailable right now.",
    retryable: true,
    twilioErrorCode: 20503,
  };
  return { answer: failure as unknown as PortabilityAnswer, checkedAt: CHECKED_AT };
}
