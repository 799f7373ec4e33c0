import { Pool } from "undici";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CheckErrorCode } from "../../../src/domain/check-error-code.js";
import type { CheckResult } from "../../../src/domain/check-result.js";
import { NotPortableReason } from "../../../src/domain/not-portable-reason.js";
import { NumberType } from "../../../src/domain/number-type.js";
import { portabilityBody, startStubTwilio, type StubTwilio } from "../../helpers/stub-twilio.js";
import { clientFactory, UNIT_ACCOUNT_SID, UNIT_AUTH_TOKEN } from "./client-under-test.js";
import { expectedAnswerFromCode, expectedFailure, expectedPortable } from "./expected-results.js";

const ACCOUNT_SID = UNIT_ACCOUNT_SID;
const AUTH_TOKEN = UNIT_AUTH_TOKEN;
const TARGET = `AC${"a".repeat(32)}`;
const ADDRESS = `AD${"b".repeat(32)}`;
const NUMBER = "+14155550100";
const PATH = "/v1/Porting/Portability/PhoneNumber/%2B14155550100";
const BASIC = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`;

const portableAnswer = (phoneNumber: string): CheckResult => expectedPortable(phoneNumber);

describe("TwilioPortabilityClient requests and answers (real HTTP to a stub Twilio)", () => {
  let stub: StubTwilio;
  const clients = clientFactory(() => stub.url);
  const client = clients.create;

  beforeAll(async () => {
    stub = await startStubTwilio();
  });
  afterAll(async () => {
    await stub?.close();
  });
  beforeEach(() => {
    stub.reset();
    stub.respond((request) => ({ status: 200, body: portabilityBody(request.phoneNumber) }));
  });
  afterEach(async () => {
    await clients.closeAll();
  });

  it("sends one GET to the encoded number's path with Basic auth and no query, and maps the answer", async () => {
    const result = await client().check({ phoneNumber: NUMBER, targetAccountSid: null, addressSid: null });
    expect(result).toEqual(portableAnswer(NUMBER));
    expect(stub.received).toEqual([{ method: "GET", path: PATH, phoneNumber: NUMBER, query: {}, authorization: BASIC }]);
  });

  it.each([
    ["TargetAccountSid alone", TARGET, null, { TargetAccountSid: TARGET }],
    ["AddressSid alone", null, ADDRESS, { AddressSid: ADDRESS }],
    ["both SIDs", TARGET, ADDRESS, { TargetAccountSid: TARGET, AddressSid: ADDRESS }],
  ])("sends %s as the only query parameters", async (_what, targetAccountSid, addressSid, query) => {
    await client().check({ phoneNumber: NUMBER, targetAccountSid, addressSid });
    expect(stub.received).toEqual([{ method: "GET", path: PATH, phoneNumber: NUMBER, query, authorization: BASIC }]);
  });

  it("sends the trimmed number", async () => {
    const result = await client().check({ phoneNumber: " +14155550100\t", targetAccountSid: null, addressSid: null });
    expect(result).toEqual(portableAnswer(NUMBER));
    expect(stub.received.map((request) => request.path)).toEqual([PATH]);
  });

  it("authenticates as an API key when given one as the username", async () => {
    const apiKey = `SK${"c".repeat(32)}`;
    await client({ username: apiKey, password: "key-secret" }).check({ phoneNumber: NUMBER, targetAccountSid: null, addressSid: null });
    expect(stub.received.map((request) => request.authorization)).toEqual([
      `Basic ${Buffer.from(`${apiKey}:key-secret`).toString("base64")}`,
    ]);
  });

  it.each(["4155550100", "+0415555", "+1 415 555 0100", "+1415/../x", "", "+14155550100?x=1"])(
    "answers INVALID_PHONE_NUMBER for %j without a request",
    async (phoneNumber) => {
      const result = await client().check({ phoneNumber, targetAccountSid: TARGET, addressSid: null });
      expect(result).toEqual(expectedAnswerFromCode(phoneNumber, NotPortableReason.INVALID_PHONE_NUMBER, 22102));
      expect(stub.received).toEqual([]);
    },
  );

  it("maps a 200 not-portable body field by field", async () => {
    stub.respond((request) => ({
      status: 200,
      body: portabilityBody(request.phoneNumber, {
        portable: false,
        account_sid: TARGET,
        not_portable_reason: "ALREADY_IN_THE_TARGET_ACCOUNT",
        not_portable_reason_code: 22131,
        number_type: "TOLL-FREE",
        pin_and_account_number_required: true,
      }),
    }));
    const result = await client().check({ phoneNumber: NUMBER, targetAccountSid: TARGET, addressSid: null });
    expect(result).toEqual({
      ...portableAnswer(NUMBER),
      portable: false,
      accountSid: TARGET,
      notPortableReason: NotPortableReason.ALREADY_IN_THE_TARGET_ACCOUNT,
      notPortableReasonCode: 22131,
      numberType: NumberType.TOLL_FREE,
      pinAndAccountNumberRequired: true,
    });
  });

  it("does not retry a 401, and reports UPSTREAM_AUTHENTICATION_FAILED with Twilio's code", async () => {
    stub.respond(() => ({ status: 401, body: { code: 20003, message: "Authenticate", status: 401 } }));
    const result = await client({ maxRetries: 3 }).check({ phoneNumber: NUMBER, targetAccountSid: null, addressSid: null });
    expect(result).toEqual(expectedFailure(CheckErrorCode.UPSTREAM_AUTHENTICATION_FAILED, NUMBER, 20003));
    expect(stub.attemptsFor(NUMBER)).toBe(1);
  });

  it("does not retry a 400 whose error body holds a reason code, and answers with that reason", async () => {
    stub.respond(() => ({ status: 400, body: { code: 22132, message: "Different owner", status: 400 } }));
    const result = await client({ maxRetries: 3 }).check({ phoneNumber: NUMBER, targetAccountSid: null, addressSid: null });
    expect(result).toEqual(expectedAnswerFromCode(NUMBER, NotPortableReason.ALREADY_IN_TWILIO_DIFFERENT_OWNER, 22132));
    expect(stub.attemptsFor(NUMBER)).toBe(1);
  });

  it("does not retry a 404, and reports UPSTREAM_ERROR with Twilio's code", async () => {
    stub.respond(() => ({ status: 404, body: { code: 20404, message: "Not found", status: 404 } }));
    const result = await client({ maxRetries: 3 }).check({ phoneNumber: NUMBER, targetAccountSid: null, addressSid: null });
    expect(result).toEqual(expectedFailure(CheckErrorCode.UPSTREAM_ERROR, NUMBER, 20404));
    expect(stub.attemptsFor(NUMBER)).toBe(1);
  });

  it("does not retry a 200 it cannot read, and reports UPSTREAM_ERROR", async () => {
    stub.respond(() => ({ status: 200, body: "<html>hello</html>" }));
    const result = await client({ maxRetries: 3 }).check({ phoneNumber: NUMBER, targetAccountSid: null, addressSid: null });
    expect(result).toEqual(expectedFailure(CheckErrorCode.UPSTREAM_ERROR, NUMBER, null));
    expect(stub.attemptsFor(NUMBER)).toBe(1);
  });

  it("reports an oversized body as UPSTREAM_ERROR without retrying", async () => {
    stub.respond(() => ({ status: 200, body: JSON.stringify({ portable: true, padding: "x".repeat(100 * 1024) }) }));
    const result = await client({ maxRetries: 3 }).check({ phoneNumber: NUMBER, targetAccountSid: null, addressSid: null });
    expect(result).toEqual(expectedFailure(CheckErrorCode.UPSTREAM_ERROR, NUMBER, null));
    expect(stub.attemptsFor(NUMBER)).toBe(1);
  });

  it("never has more than `concurrency` requests in flight across separate callers", async () => {
    stub.respond((request) => ({ status: 200, body: portabilityBody(request.phoneNumber), delayMs: 30 }));
    const capped = client({ concurrency: 3 });
    let clientMax = 0;
    const sampler = setInterval(() => (clientMax = Math.max(clientMax, capped.inFlight)), 2);
    const numbers = Array.from({ length: 20 }, (_, i) => `+1415555${String(i).padStart(4, "0")}`);
    const callers = [0, 1, 2, 3].map((caller) =>
      Promise.all(
        numbers.slice(caller * 5, caller * 5 + 5).map((phoneNumber) => capped.check({ phoneNumber, targetAccountSid: null, addressSid: null })),
      ),
    );
    const results = (await Promise.all(callers)).flat();
    clearInterval(sampler);
    expect(results).toEqual(numbers.map(portableAnswer));
    expect(stub.received.map((request) => request.phoneNumber).sort()).toEqual([...numbers].sort());
    expect(stub.maxInFlight).toBe(3);
    expect(clientMax).toBe(3);
    expect(capped.inFlight).toBe(0);
  });

  it("shares the cap between concurrent checks of one client: one slot serialises them", async () => {
    stub.respond((request) => ({ status: 200, body: portabilityBody(request.phoneNumber), delayMs: 20 }));
    const serial = client({ concurrency: 1 });
    const numbers = ["+14155550101", "+14155550102", "+14155550103"];
    const results = await Promise.all(numbers.map((phoneNumber) => serial.check({ phoneNumber, targetAccountSid: null, addressSid: null })));
    expect(results).toEqual(numbers.map(portableAnswer));
    expect(stub.maxInFlight).toBe(1);
  });

  it("starts a check's deadline at its first attempt, not while it queues for a slot", async () => {
    stub.respond((request) => ({ status: 200, body: portabilityBody(request.phoneNumber), delayMs: 120 }));
    const serial = client({ concurrency: 1, timeoutMs: 300 });
    const numbers = ["+14155550101", "+14155550102", "+14155550103", "+14155550104"];
    const results = await Promise.all(numbers.map((phoneNumber) => serial.check({ phoneNumber, targetAccountSid: null, addressSid: null })));
    expect(results).toEqual(numbers.map(portableAnswer));
  });

  it("leaves a dispatcher it was given open on close", async () => {
    const pool = new Pool(stub.url, { connections: 1 });
    const borrowing = client({ maxRetries: 0, concurrency: 1, dispatcher: pool });
    expect(await borrowing.check({ phoneNumber: NUMBER, targetAccountSid: null, addressSid: null })).toEqual(portableAnswer(NUMBER));
    await borrowing.close();
    expect(pool.closed).toBe(false);
    const direct = await pool.request({ path: PATH, method: "GET" });
    expect(direct.statusCode).toBe(200);
    await direct.body.text();
    await pool.close();
  });
});
