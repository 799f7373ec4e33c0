import { describe, expect, it } from "vitest";
import {
  findAccount,
  SANDBOX_ACCOUNT_SID,
  SANDBOX_OTHER_ACCOUNT_SID,
  SANDBOX_SUBACCOUNT_SID,
} from "../../src/sandbox/accounts.js";
import {
  checkPortability,
  numberingPlanVerdict,
  type PortabilityBody,
  type PortabilityOutcome,
  type PortabilityRequest,
} from "../../src/sandbox/rules.js";

const main = findAccount(SANDBOX_ACCOUNT_SID)!;
const sub = findAccount(SANDBOX_SUBACCOUNT_SID)!;
const ADDRESS_SID = "ADaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa02";

function verdict(request: Partial<PortabilityRequest> & { phoneNumber: string }): PortabilityBody {
  const outcome = checkPortability({ caller: main, ...request });
  if (outcome.kind !== "verdict") throw new Error(`expected a verdict, got ${JSON.stringify(outcome)}`);
  return outcome.body;
}

/** The nine fields in the order Twilio sends them; url is derived from the number. */
function expected(
  phoneNumber: string,
  fields: Omit<PortabilityBody, "phone_number" | "url" | "account_sid"> & { account_sid?: string | null },
): PortabilityBody {
  return {
    phone_number: phoneNumber,
    account_sid: null,
    ...fields,
    url: `https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/${phoneNumber}`,
  };
}

const US_LOCAL = { number_type: "LOCAL", country: "US" } as const;
const PORTABLE = { portable: true, not_portable_reason: null, not_portable_reason_code: null } as const;
const notPortable = (reason: PortabilityBody["not_portable_reason"], code: number) =>
  ({ portable: false, not_portable_reason: reason, not_portable_reason_code: code }) as const;

describe("magic numbers", () => {
  it.each([
    ["+14155550100", { ...PORTABLE, ...US_LOCAL, pin_and_account_number_required: false }],
    ["+14155550110", { ...PORTABLE, number_type: "MOBILE", country: "US", pin_and_account_number_required: true }],
    ["+14155550130", { ...notPortable("UNSUPPORTED", 22130), ...US_LOCAL, pin_and_account_number_required: false }],
    [
      "+14155550131",
      {
        ...notPortable("ALREADY_IN_THE_TARGET_ACCOUNT", 22131),
        ...US_LOCAL,
        pin_and_account_number_required: false,
        account_sid: SANDBOX_ACCOUNT_SID,
      },
    ],
    [
      "+14155550132",
      { ...notPortable("ALREADY_IN_TWILIO_DIFFERENT_OWNER", 22132), ...US_LOCAL, pin_and_account_number_required: false },
    ],
    [
      "+14155550133",
      { ...notPortable("MANUAL_PORTING_AVAILABLE", 22133), ...US_LOCAL, pin_and_account_number_required: false },
    ],
    [
      "+14155550135",
      { ...notPortable("ERROR_INTERNAL_SERVER_ERROR", 22135), ...US_LOCAL, pin_and_account_number_required: false },
    ],
    [
      "+14155550136",
      {
        ...notPortable("ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS", 22136),
        ...US_LOCAL,
        pin_and_account_number_required: false,
        account_sid: SANDBOX_SUBACCOUNT_SID,
      },
    ],
    [
      "+14155550171",
      { ...notPortable("MISSING_REQUIRED_FIELDS", 22171), ...US_LOCAL, pin_and_account_number_required: false },
    ],
  ] as const)("%s", (phoneNumber, fields) => {
    expect(checkPortability({ phoneNumber, caller: main })).toEqual({
      kind: "verdict",
      body: expected(phoneNumber, fields),
      holdMs: 0,
    });
  });

  it("+14155550131 names the target account, not the caller", () => {
    expect(verdict({ phoneNumber: "+14155550131", targetAccountSid: SANDBOX_SUBACCOUNT_SID }).account_sid).toBe(
      SANDBOX_SUBACCOUNT_SID,
    );
  });

  it("+14155550171 is portable once an AddressSid is given", () => {
    expect(verdict({ phoneNumber: "+14155550171", addressSid: ADDRESS_SID })).toEqual(
      expected("+14155550171", { ...PORTABLE, ...US_LOCAL, pin_and_account_number_required: false }),
    );
  });

  it("+14155550504 is portable but held back for 60 s", () => {
    expect(checkPortability({ phoneNumber: "+14155550504", caller: main })).toEqual({
      kind: "verdict",
      body: expected("+14155550504", { ...PORTABLE, ...US_LOCAL, pin_and_account_number_required: false }),
      holdMs: 60_000,
    });
  });

  it.each([
    ["+14155550429", { status: 429, code: 20429, retryAfterSeconds: 1 }],
    ["+14155550503", { status: 503, code: 20503 }],
  ])("%s fails at the transport level", (phoneNumber, error) => {
    const outcome = checkPortability({ phoneNumber, caller: main });
    expect(outcome).toMatchObject({ kind: "error", error });
  });
});

describe("numbering-plan rules", () => {
  it.each([
    // [number, country, number_type, pin required]
    ["+12015550123", "US", "LOCAL", false],
    ["+14158675309", "US", "LOCAL", false],
    ["+13125550123", "US", "LOCAL", false],
  ] as const)("US line %s is portable", (phoneNumber, country, number_type, pin) => {
    expect(verdict({ phoneNumber })).toEqual(
      expected(phoneNumber, { ...PORTABLE, country, number_type, pin_and_account_number_required: pin }),
    );
  });

  it("a US mobile placement is portable with PIN and account number required", () => {
    const body = numberingPlanVerdict(
      "+12015550123",
      { country: "US", numberType: "MOBILE", route: "portable" },
      main,
      main.sid,
    );
    expect(body).toEqual(
      expected("+12015550123", {
        ...PORTABLE,
        country: "US",
        number_type: "MOBILE",
        pin_and_account_number_required: true,
      }),
    );
  });

  const TOLL_FREE = ["+18001234567", "+18005550100", "+18335551234", "+18445551234"];
  it.each([...TOLL_FREE, "+18555550100", "+18665551234", "+18775551234", "+18885551234"])(
    "NANP toll-free %s needs a manual port",
    (phoneNumber) => {
      expect(verdict({ phoneNumber })).toEqual(
        expected(phoneNumber, {
          ...notPortable("MANUAL_PORTING_AVAILABLE", 22133),
          number_type: "TOLL-FREE",
          country: "US",
          pin_and_account_number_required: false,
        }),
      );
    },
  );

  it("+18001234567 matches Twilio's OpenAPI example apart from account_sid (null: not in any sandbox account)", () => {
    expect(JSON.stringify(verdict({ phoneNumber: "+18001234567" }))).toBe(
      '{"phone_number":"+18001234567","account_sid":null,"portable":false,"pin_and_account_number_required":false,' +
        '"not_portable_reason":"MANUAL_PORTING_AVAILABLE","not_portable_reason_code":22133,"number_type":"TOLL-FREE",' +
        '"country":"US","url":"https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/+18001234567"}',
    );
  });

  it.each([
    ["+16135550123", "CA", "LOCAL", false],
    ["+442079460000", "GB", "LOCAL", false],
    ["+447400123456", "GB", "MOBILE", true],
    ["+61291234567", "AU", "LOCAL", false],
    ["+61491570156", "AU", "MOBILE", true],
    ["+493012345678", "DE", "LOCAL", false],
    ["+4915112345678", "DE", "MOBILE", true],
  ] as const)("%s (%s) needs a manual port", (phoneNumber, country, number_type, pin) => {
    expect(verdict({ phoneNumber })).toEqual(
      expected(phoneNumber, {
        ...notPortable("MANUAL_PORTING_AVAILABLE", 22133),
        country,
        number_type,
        pin_and_account_number_required: pin,
      }),
    );
  });

  it.each([
    ["+5716001234", "CO"], // valid E.164 shape, not a valid Colombian number
    ["+573001234567", "CO"],
    ["+33123456789", "FR"],
    ["+8613800138000", "CN"],
    ["+17875550123", "PR"], // NANP, but not the US
    ["+19005550123", "US"], // US premium rate
    ["+15555550100", null], // NANP area code 555 is unassigned
    ["+999123456", null], // no such country calling code
  ])("%s is unsupported (country %s)", (phoneNumber, country) => {
    expect(verdict({ phoneNumber })).toEqual(
      expected(phoneNumber, {
        ...notPortable("UNSUPPORTED", 22130),
        country,
        number_type: "UNKNOWN",
        pin_and_account_number_required: true,
      }),
    );
  });
});

describe("numbers already in Twilio", () => {
  const other = findAccount(SANDBOX_OTHER_ACCOUNT_SID)!;
  it.each([
    {
      case: "owned by the target (default: caller)",
      phoneNumber: "+14155550199",
      caller: main,
      owner: main,
      target: undefined,
      reason: "ALREADY_IN_THE_TARGET_ACCOUNT",
      code: 22131,
      accountSid: SANDBOX_ACCOUNT_SID,
    },
    {
      case: "owned by the target subaccount",
      phoneNumber: "+14155550198",
      caller: main,
      owner: sub,
      target: SANDBOX_SUBACCOUNT_SID,
      reason: "ALREADY_IN_THE_TARGET_ACCOUNT",
      code: 22131,
      accountSid: SANDBOX_SUBACCOUNT_SID,
    },
    {
      case: "owned by the caller's subaccount",
      phoneNumber: "+14155550198",
      caller: main,
      owner: sub,
      target: undefined,
      reason: "ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS",
      code: 22136,
      accountSid: SANDBOX_SUBACCOUNT_SID,
    },
    {
      case: "owned by the caller, target a subaccount",
      phoneNumber: "+14155550199",
      caller: main,
      owner: main,
      target: SANDBOX_SUBACCOUNT_SID,
      reason: "ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS",
      code: 22136,
      accountSid: SANDBOX_ACCOUNT_SID,
    },
    {
      case: "owned by an unrelated account",
      phoneNumber: "+14155550197",
      caller: main,
      owner: other,
      target: undefined,
      reason: "ALREADY_IN_TWILIO_DIFFERENT_OWNER",
      code: 22132,
      accountSid: null,
    },
    {
      case: "owned by the parent, asked by the subaccount",
      phoneNumber: "+14155550199",
      caller: sub,
      owner: main,
      target: undefined,
      reason: "ALREADY_IN_TWILIO_DIFFERENT_OWNER",
      code: 22132,
      accountSid: null,
    },
  ] as const)("$phoneNumber $case: $reason", ({ phoneNumber, caller, owner, target, reason, code, accountSid }) => {
    expect(owner.phoneNumbers).toContain(phoneNumber);
    expect(verdict({ phoneNumber, caller, targetAccountSid: target })).toEqual(
      expected(phoneNumber, {
        ...notPortable(reason, code),
        ...US_LOCAL,
        pin_and_account_number_required: false,
        account_sid: accountSid,
      }),
    );
  });
});

describe("target account and parameters", () => {
  it.each([
    ["+12015550123", main, SANDBOX_OTHER_ACCOUNT_SID],
    ["+14155550100", main, "ACdddddddddddddddddddddddddddddd04"], // unknown account
    ["+14155550131", sub, SANDBOX_ACCOUNT_SID], // a subaccount cannot act for its parent
  ])("%s for a target that is not the caller's is UNAUTHORIZED", (phoneNumber, caller, targetAccountSid) => {
    expect(verdict({ phoneNumber, caller, targetAccountSid })).toEqual(
      expected(phoneNumber, {
        ...notPortable("UNAUTHORIZED", 20003),
        ...US_LOCAL,
        pin_and_account_number_required: false,
      }),
    );
  });

  const error = (outcome: PortabilityOutcome) => (outcome.kind === "error" ? outcome.error : undefined);

  it.each(["14155550100", "+04155550100", "+1415555010012345", "+1 415 555 0100", "", "%2B14155550100", "+"])(
    "%j is not E.164: 400/22102",
    (phoneNumber) => {
      expect(error(checkPortability({ phoneNumber, caller: main }))).toMatchObject({ status: 400, code: 22102 });
    },
  );

  it.each([
    { targetAccountSid: "AC123" },
    { targetAccountSid: "SKcccccccccccccccccccccccccccccc01" },
    { targetAccountSid: "" },
    { addressSid: "AD123" },
    { addressSid: "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01" },
  ])("malformed %j: 400/20001", (params) => {
    expect(error(checkPortability({ phoneNumber: "+14155550100", caller: main, ...params }))).toMatchObject({
      status: 400,
      code: 20001,
    });
  });
});
