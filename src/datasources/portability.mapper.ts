import type { PortabilityAnswer } from "../domain/check-result.js";
import { NumberType } from "../domain/number-type.js";
import { INVALID_PHONE_NUMBER_CODE, REASON_BY_CODE, toNotPortableReason } from "./reason-codes.js";
import type { TwilioPortabilityBody } from "./twilio-body.js";

/** Twilio spells one value with a hyphen, which a GraphQL enum cannot hold. */
export const NUMBER_TYPE_BY_TWILIO: ReadonlyMap<string, NumberType> = new Map([
  ["LOCAL", NumberType.LOCAL],
  ["MOBILE", NumberType.MOBILE],
  ["TOLL-FREE", NumberType.TOLL_FREE],
  ["UNKNOWN", NumberType.UNKNOWN],
]);

/** Anything Twilio adds later reads as UNKNOWN rather than failing the answer. */
export function toNumberType(twilio: string | null | undefined): NumberType {
  return (twilio == null ? undefined : NUMBER_TYPE_BY_TWILIO.get(twilio)) ?? NumberType.UNKNOWN;
}

/**
 * The one snake_case → camelCase mapping, or null when the body is about another number than the one
 * asked (`requested`, E.164): the answer is always about the number asked, so a body naming another
 * one is no answer (a mixed-up or forged reply must not put someone else's verdict, or their
 * account_sid, under this number). Twilio may leave phone_number out; then it is the number asked.
 * account_sid is kept: it is the account owning the number in Twilio, which the caller may act on.
 */
export function toPortabilityAnswer(body: TwilioPortabilityBody, requested: string, checkedAt: number): PortabilityAnswer | null {
  if (body.phone_number != null && body.phone_number !== requested) return null;
  const code = body.not_portable_reason_code ?? null;
  return {
    __typename: "Portability",
    phoneNumber: requested,
    accountSid: body.account_sid ?? null,
    portable: body.portable,
    pinAndAccountNumberRequired: body.pin_and_account_number_required ?? null,
    notPortableReason: toNotPortableReason(body.not_portable_reason ?? null, code),
    notPortableReasonCode: code,
    numberType: toNumberType(body.number_type),
    country: body.country ?? null,
    url: body.url ?? null,
    checkedAt,
  };
}

/** A Twilio error body whose code is a portability reason (a 4xx verdict): the same answer, from the code. */
export function answerFromReasonCode(code: number, requested: string, checkedAt: number): PortabilityAnswer | null {
  const reason = REASON_BY_CODE.get(code);
  if (reason === undefined) return null;
  return {
    __typename: "Portability",
    phoneNumber: requested,
    accountSid: null,
    portable: false,
    pinAndAccountNumberRequired: null,
    notPortableReason: reason,
    notPortableReasonCode: code,
    numberType: NumberType.UNKNOWN,
    country: null,
    url: null,
    checkedAt,
  };
}

/** What Twilio says of a number that is not E.164 (its 22102 answer), given without asking it. */
export function invalidPhoneNumberAnswer(given: string, now: number): PortabilityAnswer {
  return answerFromReasonCode(INVALID_PHONE_NUMBER_CODE, given, now)!;
}
