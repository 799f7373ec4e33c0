import { expect } from "vitest";
import type { CheckFailure, PortabilityAnswer } from "../../../src/domain/check-result.js";
import { CheckErrorCode } from "../../../src/domain/check-error-code.js";
import type { NotPortableReason } from "../../../src/domain/not-portable-reason.js";
import { NumberType } from "../../../src/domain/number-type.js";

/** What a client is told for each failure code, written out here rather than read from src. */
export const FAILURE_TEXT: Readonly<Record<CheckErrorCode, { message: string; retryable: boolean }>> = {
  [CheckErrorCode.UPSTREAM_AUTHENTICATION_FAILED]: {
    message: "Twilio rejected this service's credentials; the check was not made.",
    retryable: false,
  },
  [CheckErrorCode.UPSTREAM_RATE_LIMITED]: {
    message: "Twilio is rate-limiting portability checks; try again shortly.",
    retryable: true,
  },
  [CheckErrorCode.UPSTREAM_TIMEOUT]: { message: "Twilio did not answer in time.", retryable: true },
  [CheckErrorCode.UPSTREAM_UNAVAILABLE]: {
    message: "Twilio's portability service is unavailable right now.",
    retryable: true,
  },
  [CheckErrorCode.UPSTREAM_ERROR]: { message: "Twilio returned an answer this service could not use.", retryable: false },
  [CheckErrorCode.SHUTTING_DOWN]: { message: "This server was stopping before the number could be checked; check it again.", retryable: true },
};

export function expectedFailure(code: CheckErrorCode, phoneNumber: string, twilioErrorCode: number | null): CheckFailure {
  return { __typename: "PortabilityCheckError", phoneNumber, code, ...FAILURE_TEXT[code], twilioErrorCode };
}

/** The answer made from a Twilio error code alone: nothing but the verdict is known. */
export function expectedAnswerFromCode(phoneNumber: string, reason: NotPortableReason, code: number): PortabilityAnswer {
  return {
    __typename: "Portability",
    phoneNumber,
    accountSid: null,
    portable: false,
    pinAndAccountNumberRequired: null,
    notPortableReason: reason,
    notPortableReasonCode: code,
    numberType: NumberType.UNKNOWN,
    country: null,
    url: null,
    checkedAt: expect.any(Number) as number,
  };
}

/** The answer a `portabilityBody(phoneNumber)` from the stub helper maps to (LOCAL, US, portable). */
export function expectedPortable(phoneNumber: string, fields: Partial<PortabilityAnswer> = {}): PortabilityAnswer {
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
    checkedAt: expect.any(Number) as number,
    ...fields,
  };
}
