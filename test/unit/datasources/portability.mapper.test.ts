import { describe, expect, it } from "vitest";
import type { PortabilityAnswer } from "../../../src/domain/check-result.js";
import { NotPortableReason } from "../../../src/domain/not-portable-reason.js";
import { NumberType } from "../../../src/domain/number-type.js";
import {
  answerFromReasonCode,
  invalidPhoneNumberAnswer,
  NUMBER_TYPE_BY_TWILIO,
  toNumberType,
  toPortabilityAnswer,
} from "../../../src/datasources/portability.mapper.js";
import type { TwilioPortabilityBody } from "../../../src/datasources/twilio-body.js";
import { portabilityBody } from "../../helpers/stub-twilio.js";
import { EVERY_REASON } from "./every-reason.js";
import { expectedPortable } from "./expected-results.js";

const NUMBER = "+14155550100";
const ACCOUNT = "AC0123456789abcdef0123456789abcdef";

/** A complete Twilio body for a portable US local number. */
function body(fields: Partial<TwilioPortabilityBody> = {}): TwilioPortabilityBody {
  return portabilityBody(NUMBER, fields) as unknown as TwilioPortabilityBody;
}

/** The answer `body()` maps to. */
function answer(fields: Partial<PortabilityAnswer> = {}): PortabilityAnswer {
  return expectedPortable(NUMBER, fields);
}

/** When the mapped answer was given; every answer carries it as checkedAt. */
const NOW = Date.parse("2026-12-01T12:00:00Z");

describe("toPortabilityAnswer", () => {
  it("maps every snake_case field to its camelCase field", () => {
    const mapped = toPortabilityAnswer(
      {
        phone_number: "+18001234567",
        account_sid: ACCOUNT,
        portable: false,
        pin_and_account_number_required: true,
        not_portable_reason: "ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS",
        not_portable_reason_code: 22136,
        number_type: "TOLL-FREE",
        country: "CA",
        url: "https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/+18001234567",
      },
      "+18001234567",
      NOW,
    );
    expect(mapped).toEqual({
      __typename: "Portability",
      checkedAt: NOW,
      phoneNumber: "+18001234567",
      accountSid: ACCOUNT,
      portable: false,
      pinAndAccountNumberRequired: true,
      notPortableReason: NotPortableReason.ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS,
      notPortableReasonCode: 22136,
      numberType: NumberType.TOLL_FREE,
      country: "CA",
      url: "https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/+18001234567",
    });
  });

  it("maps a portable body with null reason fields", () => {
    expect(toPortabilityAnswer(body(), NUMBER, NOW)).toEqual(answer());
  });

  it("uses the requested number when phone_number is null", () => {
    expect(toPortabilityAnswer(body({ phone_number: null }), "+442071838750", NOW)).toEqual(
      answer({ phoneNumber: "+442071838750" }),
    );
  });

  // Regression (issue 7, item 7): Twilio's phone_number replaced the number asked about.
  it.each(["+14155550199", "+4414155550100", "14155550100"])("is null for a body about %s, not the number asked", (other) => {
    expect(toPortabilityAnswer(body({ phone_number: other }), NUMBER, NOW)).toBeNull();
  });

  it("keeps account_sid, the account owning the number in Twilio", () => {
    expect(toPortabilityAnswer(body({ portable: false, not_portable_reason_code: 22136, account_sid: ACCOUNT }), NUMBER, NOW)).toEqual(
      answer({ portable: false, notPortableReason: NotPortableReason.ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS, notPortableReasonCode: 22136, accountSid: ACCOUNT }),
    );
  });

  it("maps a body holding only `portable` to nulls, UNKNOWN type and the requested number", () => {
    expect(toPortabilityAnswer({ portable: false }, NUMBER, NOW)).toEqual({
      __typename: "Portability",
      checkedAt: NOW,
      phoneNumber: NUMBER,
      accountSid: null,
      portable: false,
      pinAndAccountNumberRequired: null,
      notPortableReason: null,
      notPortableReasonCode: null,
      numberType: NumberType.UNKNOWN,
      country: null,
      url: null,
    });
  });

  it.each(EVERY_REASON)("maps code %i with its reason string to %s", (code, reason) => {
    expect(
      toPortabilityAnswer(body({ portable: false, not_portable_reason: reason, not_portable_reason_code: code }), NUMBER, NOW),
    ).toEqual(answer({ portable: false, notPortableReason: reason, notPortableReasonCode: code }));
  });

  it.each(EVERY_REASON)("maps code %i without a reason string to %s", (code, reason) => {
    expect(
      toPortabilityAnswer(body({ portable: false, not_portable_reason: null, not_portable_reason_code: code }), NUMBER, NOW),
    ).toEqual(answer({ portable: false, notPortableReason: reason, notPortableReasonCode: code }));
  });

  it.each([
    ["SOMETHING_NEW", 22999],
    [null, 22999],
  ] as const)("maps reason %j with unknown code %i to UNKNOWN and keeps the raw code", (reason, code) => {
    expect(
      toPortabilityAnswer(body({ portable: false, not_portable_reason: reason, not_portable_reason_code: code }), NUMBER, NOW),
    ).toEqual(answer({ portable: false, notPortableReason: NotPortableReason.UNKNOWN, notPortableReasonCode: 22999 }));
  });

  it("maps a new reason string without a code to UNKNOWN with a null code", () => {
    expect(
      toPortabilityAnswer(body({ portable: false, not_portable_reason: "SOMETHING_NEW", not_portable_reason_code: null }), NUMBER, NOW),
    ).toEqual(answer({ portable: false, notPortableReason: NotPortableReason.UNKNOWN, notPortableReasonCode: null }));
  });
});

describe("toNumberType", () => {
  it.each([
    ["LOCAL", NumberType.LOCAL],
    ["MOBILE", NumberType.MOBILE],
    ["TOLL-FREE", NumberType.TOLL_FREE],
    ["UNKNOWN", NumberType.UNKNOWN],
    ["TOLL_FREE", NumberType.UNKNOWN],
    ["local", NumberType.UNKNOWN],
    ["SHORTCODE", NumberType.UNKNOWN],
    ["", NumberType.UNKNOWN],
    [null, NumberType.UNKNOWN],
    [undefined, NumberType.UNKNOWN],
  ] as const)("reads Twilio's %j as %s", (twilio, expected) => {
    expect(toNumberType(twilio)).toBe(expected);
  });

  it.each([
    ["LOCAL", NumberType.LOCAL],
    ["MOBILE", NumberType.MOBILE],
    ["TOLL-FREE", NumberType.TOLL_FREE],
    ["UNKNOWN", NumberType.UNKNOWN],
    [null, NumberType.UNKNOWN],
  ] as const)("maps number_type %j in a body to numberType %s", (numberType, expected) => {
    expect(toPortabilityAnswer(body({ number_type: numberType }), NUMBER, NOW)).toEqual(answer({ numberType: expected }));
  });

  it("knows exactly Twilio's four number_type values, one per NumberType", () => {
    expect(new Map(NUMBER_TYPE_BY_TWILIO)).toEqual(
      new Map([
        ["LOCAL", NumberType.LOCAL],
        ["MOBILE", NumberType.MOBILE],
        ["TOLL-FREE", NumberType.TOLL_FREE],
        ["UNKNOWN", NumberType.UNKNOWN],
      ]),
    );
    expect(new Set(NUMBER_TYPE_BY_TWILIO.values())).toEqual(new Set(Object.values(NumberType)));
  });
});

describe("answerFromReasonCode", () => {
  it.each(EVERY_REASON)("turns error code %i into a not-portable answer with reason %s", (code, reason) => {
    expect(answerFromReasonCode(code, NUMBER, NOW)).toEqual({
      __typename: "Portability",
      checkedAt: NOW,
      phoneNumber: NUMBER,
      accountSid: null,
      portable: false,
      pinAndAccountNumberRequired: null,
      notPortableReason: reason,
      notPortableReasonCode: code,
      numberType: NumberType.UNKNOWN,
      country: null,
      url: null,
    });
  });

  it.each([20404, 20429, 22999, 0, 400])("is null for %i, which is not a portability reason code", (code) => {
    expect(answerFromReasonCode(code, NUMBER, NOW)).toBeNull();
  });
});

describe("invalidPhoneNumberAnswer", () => {
  it.each(["4155550100", " +1 415 555 0100 ", "", "+1415/../x"])("answers INVALID_PHONE_NUMBER (22102) echoing %j as given", (given) => {
    expect(invalidPhoneNumberAnswer(given, NOW)).toEqual({
      __typename: "Portability",
      checkedAt: NOW,
      phoneNumber: given,
      accountSid: null,
      portable: false,
      pinAndAccountNumberRequired: null,
      notPortableReason: NotPortableReason.INVALID_PHONE_NUMBER,
      notPortableReasonCode: 22102,
      numberType: NumberType.UNKNOWN,
      country: null,
      url: null,
    });
  });
});
