import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CheckErrorCode } from "../../../src/domain/check-error-code.js";
import type { CheckResult } from "../../../src/domain/check-result.js";
import { NotPortableReason } from "../../../src/domain/not-portable-reason.js";
import { NumberType } from "../../../src/domain/number-type.js";
import { portabilityBody, startStubTwilio, type StubReply, type StubTwilio } from "../../helpers/stub-twilio.js";
import { clientFactory, UNIT_ACCOUNT_SID, UNIT_AUTH_TOKEN } from "./client-under-test.js";
import { expectedAnswerFromCode, expectedFailure, expectedPortable } from "./expected-results.js";

const NUMBER = "+14155550100";
const REQUEST = { phoneNumber: NUMBER, targetAccountSid: null, addressSid: null } as const;

const ok = (): StubReply => ({ status: 200, body: portabilityBody(NUMBER) });
const PORTABLE: CheckResult = expectedPortable(NUMBER);
/** Twilio's 22135 as a 200 portability body, and the answer it maps to. */
const BODY_22135 = portabilityBody(NUMBER, {
  portable: false,
  not_portable_reason: "ERROR_INTERNAL_SERVER_ERROR",
  not_portable_reason_code: 22135,
  number_type: "UNKNOWN",
  country: null,
});
const ANSWER_22135: CheckResult = {
  ...PORTABLE,
  portable: false,
  notPortableReason: NotPortableReason.ERROR_INTERNAL_SERVER_ERROR,
  notPortableReasonCode: 22135,
  numberType: NumberType.UNKNOWN,
  country: null,
};

/** Each transient way Twilio can fail, and what is reported when it never stops failing. */
const TRANSIENT: ReadonlyArray<readonly [string, StubReply, CheckResult]> = [
  ["429", { status: 429, body: { code: 20429, message: "Too many requests", status: 429 } }, expectedFailure(CheckErrorCode.UPSTREAM_RATE_LIMITED, NUMBER, 20429)],
  ["500", { status: 500, body: "oops" }, expectedFailure(CheckErrorCode.UPSTREAM_UNAVAILABLE, NUMBER, null)],
  ["502", { status: 502, body: "<html>Bad Gateway</html>" }, expectedFailure(CheckErrorCode.UPSTREAM_UNAVAILABLE, NUMBER, null)],
  ["503", { status: 503, body: { code: 20503, message: "Unavailable", status: 503 } }, expectedFailure(CheckErrorCode.UPSTREAM_UNAVAILABLE, NUMBER, 20503)],
  ["a connection reset", { reset: true }, expectedFailure(CheckErrorCode.UPSTREAM_UNAVAILABLE, NUMBER, null)],
  ["a 200 body with 22135", { status: 200, body: BODY_22135 }, ANSWER_22135],
  [
    "a 400 error body with 22135",
    { status: 400, body: { code: 22135, message: "Internal error", status: 400 } },
    expectedAnswerFromCode(NUMBER, NotPortableReason.ERROR_INTERNAL_SERVER_ERROR, 22135),
  ],
];

describe("TwilioPortabilityClient retries and deadline (real HTTP to a stub Twilio)", () => {
  let stub: StubTwilio;
  const clients = clientFactory(() => stub.url);
  const client = clients.create;
  const timed = async (pending: Promise<CheckResult>) => {
    const started = performance.now();
    const result = await pending;
    return { result, elapsed: performance.now() - started };
  };

  beforeAll(async () => {
    stub = await startStubTwilio();
  });
  afterAll(async () => {
    await stub?.close();
  });
  beforeEach(() => {
    stub.reset();
    stub.respond(ok);
  });
  afterEach(async () => {
    await clients.closeAll();
  });

  describe.each(TRANSIENT)("on %s every time", (_what, reply, reported) => {
    it.each([0, 1, 3])("makes exactly maxRetries + 1 attempts (maxRetries %i), then reports the last outcome", async (maxRetries) => {
      stub.respond(() => reply);
      const result = await client({ maxRetries }).check(REQUEST);
      expect(result).toEqual(reported);
      expect(stub.attemptsFor(NUMBER)).toBe(maxRetries + 1);
    });

    it("answers from the retry that succeeds", async () => {
      stub.respond((_request, attempt) => (attempt < 3 ? reply : ok()));
      const result = await client({ maxRetries: 2 }).check(REQUEST);
      expect(result).toEqual(PORTABLE);
      expect(stub.attemptsFor(NUMBER)).toBe(3);
    });
  });

  it("sends every retry exactly like the first attempt", async () => {
    stub.respond((_request, attempt) => (attempt < 3 ? { status: 503, body: "down" } : ok()));
    const target = `AC${"a".repeat(32)}`;
    await client().check({ phoneNumber: NUMBER, targetAccountSid: target, addressSid: null });
    const sent = {
      method: "GET",
      path: "/v1/Porting/Portability/PhoneNumber/%2B14155550100",
      phoneNumber: NUMBER,
      query: { TargetAccountSid: target },
      authorization: `Basic ${Buffer.from(`${UNIT_ACCOUNT_SID}:${UNIT_AUTH_TOKEN}`).toString("base64")}`,
    };
    expect(stub.received).toEqual([sent, sent, sent]);
  });

  it("waits out Retry-After before the second attempt (Retry-After: 1, base 1 ms)", async () => {
    stub.respond((_request, attempt) =>
      attempt === 1 ? { status: 429, body: { code: 20429 }, headers: { "retry-after": "1" } } : ok(),
    );
    const result = await client({ maxRetries: 1, retryBaseMs: 1, timeoutMs: 3000 }).check(REQUEST);
    expect(result).toEqual(PORTABLE);
    expect(stub.arrivedAt).toHaveLength(2);
    expect(stub.arrivedAt[1]! - stub.arrivedAt[0]!).toBeGreaterThanOrEqual(995);
    expect(stub.arrivedAt[1]! - stub.arrivedAt[0]!).toBeLessThan(1500);
  });

  it("waits the exponential backoff between attempts (base 100 ms, random pinned to 0: 50 then 100 ms)", async () => {
    stub.respond(() => ({ status: 503, body: "down" }));
    await client({ maxRetries: 2, retryBaseMs: 100, random: () => 0 }).check(REQUEST);
    const [first, second, third] = stub.arrivedAt;
    expect(second! - first!).toBeGreaterThanOrEqual(48);
    expect(third! - second!).toBeGreaterThanOrEqual(98);
  });

  it("stops at once when Retry-After would outlast the deadline, reporting UPSTREAM_RATE_LIMITED after one attempt", async () => {
    stub.respond(() => ({ status: 429, body: { code: 20429 }, headers: { "retry-after": "1" } }));
    const { result, elapsed } = await timed(client({ maxRetries: 3, timeoutMs: 500 }).check(REQUEST));
    expect(result).toEqual(expectedFailure(CheckErrorCode.UPSTREAM_RATE_LIMITED, NUMBER, 20429));
    expect(stub.attemptsFor(NUMBER)).toBe(1);
    expect(elapsed).toBeLessThan(250);
  });

  it("stops at once when the backoff would outlast the deadline, reporting UPSTREAM_UNAVAILABLE after one attempt", async () => {
    stub.respond(() => ({ status: 503, body: "down" }));
    const { result, elapsed } = await timed(client({ maxRetries: 3, retryBaseMs: 2000, timeoutMs: 500, random: () => 0 }).check(REQUEST));
    expect(result).toEqual(expectedFailure(CheckErrorCode.UPSTREAM_UNAVAILABLE, NUMBER, null));
    expect(stub.attemptsFor(NUMBER)).toBe(1);
    expect(elapsed).toBeLessThan(250);
  });

  it("reports UPSTREAM_TIMEOUT for a hanging upstream once timeoutMs has passed, without retrying", async () => {
    stub.respond(() => ({ hang: true }));
    const { result, elapsed } = await timed(client({ maxRetries: 3, timeoutMs: 300 }).check(REQUEST));
    expect(result).toEqual(expectedFailure(CheckErrorCode.UPSTREAM_TIMEOUT, NUMBER, null));
    expect(elapsed).toBeGreaterThanOrEqual(295);
    expect(elapsed).toBeLessThan(800);
    expect(stub.attemptsFor(NUMBER)).toBe(1);
  });

  it("bounds all attempts together by timeoutMs: a hang after a 503 times out on the first attempt's clock", async () => {
    stub.respond((_request, attempt) => (attempt === 1 ? { status: 503, body: "down", delayMs: 150 } : { hang: true }));
    const { result, elapsed } = await timed(client({ maxRetries: 3, timeoutMs: 300 }).check(REQUEST));
    expect(result).toEqual(expectedFailure(CheckErrorCode.UPSTREAM_TIMEOUT, NUMBER, null));
    expect(stub.attemptsFor(NUMBER)).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(295);
    expect(elapsed).toBeLessThan(800);
  });

  it("reports UPSTREAM_TIMEOUT when the upstream answers after the deadline", async () => {
    stub.respond(() => ({ ...ok(), delayMs: 600 }));
    const { result, elapsed } = await timed(client({ maxRetries: 0, timeoutMs: 200 }).check(REQUEST));
    expect(result).toEqual(expectedFailure(CheckErrorCode.UPSTREAM_TIMEOUT, NUMBER, null));
    expect(elapsed).toBeLessThan(550);
  });
});
