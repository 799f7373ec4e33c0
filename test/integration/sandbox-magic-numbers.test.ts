import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.js";
import { readConfig } from "../../src/config/config.js";
import { resolveUpstream, type ResolvedUpstream } from "../../src/upstream.js";
import { CheckPortabilitiesDocument, CheckPortabilityDocument } from "../generated/operations.js";
import { execute } from "../helpers/graphql-client.js";
import { expectedId } from "../helpers/result-id.js";

const MAIN = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01";
const SUB = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa02";
const ADDRESS = "ADaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa02";
const url = (n: string) => `https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/${n}`;

const answer = (phoneNumber: string, fields: Record<string, unknown>) => ({
  __typename: "Portability",
  phoneNumber,
  accountSid: null,
  portable: false,
  pinAndAccountNumberRequired: false,
  notPortableReason: null,
  notPortableReasonCode: null,
  numberType: "LOCAL",
  country: "US",
  url: url(phoneNumber),
  ...fields,
});
/** What a result says of its question (the number given in E.164 as it is checked). */
const checkedFor = (targetAccountSid: string | null, addressSid: string | null, phoneNumber: string) => ({
  id: expectedId(targetAccountSid, addressSid, phoneNumber),
  input: phoneNumber,
  targetAccountSid,
  addressSid,
});
const guidance = (nextStep: string, helpUrl: string) => ({ nextStep, guidance: expect.any(String), helpUrl });
const notPortable = (phoneNumber: string, reason: string, code: number, fields: Record<string, unknown> = {}) =>
  answer(phoneNumber, { notPortableReason: reason, notPortableReasonCode: code, ...fields });
const failure = (phoneNumber: string, code: string, twilioErrorCode: number) => ({
  __typename: "PortabilityCheckError",
  phoneNumber,
  code,
  retryable: true,
  twilioErrorCode,
});

/** The README's magic-number table, checked end to end: GraphQL → layer → embedded sandbox. */
const MAGIC: Array<[string, Record<string, unknown>]> = [
  ["+14155550100", { ...answer("+14155550100", { portable: true }), nextStep: "PORT_IN" }],
  ["+14155550110", { ...answer("+14155550110", { portable: true, numberType: "MOBILE", pinAndAccountNumberRequired: true }), nextStep: "PORT_IN_WITH_PIN" }],
  ["+14155550130", { ...notPortable("+14155550130", "UNSUPPORTED", 22130), nextStep: "NOT_SUPPORTED" }],
  ["+14155550131", { ...notPortable("+14155550131", "ALREADY_IN_THE_TARGET_ACCOUNT", 22131, { accountSid: MAIN }), nextStep: "NOTHING_TO_DO" }],
  ["+14155550132", { ...notPortable("+14155550132", "ALREADY_IN_TWILIO_DIFFERENT_OWNER", 22132), nextStep: "MOVE_BETWEEN_ACCOUNTS" }],
  ["+14155550133", { ...notPortable("+14155550133", "MANUAL_PORTING_AVAILABLE", 22133), nextStep: "MANUAL_PORT_REQUEST" }],
  ["+14155550135", { ...notPortable("+14155550135", "ERROR_INTERNAL_SERVER_ERROR", 22135), nextStep: "RETRY_LATER" }],
  ["+14155550136", { ...notPortable("+14155550136", "ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS", 22136, { accountSid: SUB }), nextStep: "MOVE_BETWEEN_ACCOUNTS" }],
  ["+14155550171", { ...notPortable("+14155550171", "MISSING_REQUIRED_FIELDS", 22171), nextStep: "PROVIDE_MISSING_FIELDS" }],
  ["+14155550429", { ...failure("+14155550429", "UPSTREAM_RATE_LIMITED", 20429), nextStep: "RETRY_LATER" }],
  ["+14155550503", { ...failure("+14155550503", "UPSTREAM_UNAVAILABLE", 20503), nextStep: "RETRY_LATER" }],
  ["+14155550504", { __typename: "PortabilityCheckError", phoneNumber: "+14155550504", code: "UPSTREAM_TIMEOUT", retryable: true, twilioErrorCode: null, nextStep: "RETRY_LATER" }],
  ["415-555-0100", { ...answer("415-555-0100", { notPortableReason: "INVALID_PHONE_NUMBER", notPortableReasonCode: 22102, numberType: "UNKNOWN", country: null, url: null, pinAndAccountNumberRequired: null }), nextStep: "FIX_PHONE_NUMBER" }],
  ["+18001234567", { ...notPortable("+18001234567", "MANUAL_PORTING_AVAILABLE", 22133, { numberType: "TOLL_FREE" }), nextStep: "MANUAL_PORT_REQUEST" }],
];

describe("the embedded sandbox through GraphQL (no Twilio credentials set)", () => {
  let upstream: ResolvedUpstream;
  let app: App;
  let endpoint: string;
  beforeAll(async () => {
    // Exactly what `npm start` does with no credentials, but on a free port and with short timeouts.
    const config = readConfig({ PORT: "0", UPSTREAM_TIMEOUT_MS: "1500", UPSTREAM_RETRY_BASE_MS: "5" });
    const logger = pino({ level: "silent" });
    upstream = await resolveUpstream(config, logger);
    app = await createApp(config, upstream.target, logger);
    endpoint = `http://127.0.0.1:${(await app.listen()).port}/graphql`;
  });
  afterAll(async () => {
    await app?.close();
    await upstream?.close();
  });

  it.each(MAGIC)("%s yields the documented result", async (phoneNumber, expected) => {
    const response = await execute(endpoint, CheckPortabilityDocument, { phoneNumber });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.portability).toMatchObject(expected);
  });

  it("+14155550171 is portable once an AddressSid is given", async () => {
    const response = await execute(endpoint, CheckPortabilityDocument, { phoneNumber: "+14155550171", addressSid: ADDRESS });
    expect(response.body.data!.portability).toEqual(
      answer("+14155550171", { portable: true, ...checkedFor(null, ADDRESS, "+14155550171"), ...guidance("PORT_IN", "https://www.twilio.com/docs/phone-numbers/port-in") }),
    );
  });

  it("+14155550131 names the target it was checked for, and a target that is not ours is UNAUTHORIZED", async () => {
    const response = await execute(endpoint, CheckPortabilitiesDocument, {
      phoneNumbers: ["+14155550131"],
      targetAccountSid: SUB,
    });
    expect(response.body.data!.portabilities).toEqual([
      notPortable("+14155550131", "ALREADY_IN_THE_TARGET_ACCOUNT", 22131, {
        accountSid: SUB,
        ...checkedFor(SUB, null, "+14155550131"),
        ...guidance("NOTHING_TO_DO", "https://www.twilio.com/docs/api/errors/22131"),
      }),
    ]);
    const other = await execute(endpoint, CheckPortabilityDocument, {
      phoneNumber: "+14155550100",
      targetAccountSid: "ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb03",
    });
    expect(other.body.data!.portability).toMatchObject({ portable: false, notPortableReason: "UNAUTHORIZED", notPortableReasonCode: 20003 });
  });
});
