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

/** The one snake_case → camelCase mapping. `requested` stands in when Twilio leaves phone_number out. */
export function toPortabilityAnswer(body: TwilioPortabilityBody, requested: string): PortabilityAnswer {
  const code = body.not_portable_reason_code ?? null;
  return {
    __typename: "Portability",
    phoneNumber: body.phone_number ?? requested,
    accountSid: body.account_sid ?? null,
    portable: body.portable,
    pinAndAccountNumberRequired: body.pin_and_account_number_required ?? null,
    notPortableReason: toNotPortableReason(body.not_portable_reason ?? null, code),
    notPortableReasonCode: code,
    numberType: toNumberType(body.number_type),
    country: body.country ?? null,
    url: body.url ?? null,
  };
}

/** A Twilio error body whose code is a portability reason (a 4xx verdict): the same answer, from the code. */
export function answerFromReasonCode(code: number, requested: string): PortabilityAnswer | null {
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
  };
}

/** What Twilio says of a number that is not E.164 (its 22102 answer), given without asking it. */
export function invalidPhoneNumberAnswer(given: string): PortabilityAnswer {
  return answerFromReasonCode(INVALID_PHONE_NUMBER_CODE, given)!;
}
