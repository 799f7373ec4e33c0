import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { postQuery } from "../helpers/graphql-client.js";
import { portabilityBody, startStubTwilio, type StubReply, type StubTwilio } from "../helpers/stub-twilio.js";
import { STUB_AUTH_TOKEN, startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * Whatever the upstream answers (any status, any body, any Retry-After), the caller gets exactly one
 * typed result per number and no top-level error; nothing of the upstream body but the portability
 * fields reaches the answer. README: "A per-number problem never becomes a top-level GraphQL error".
 */
const NUMBER = "+14155550100";
const FIELDS = "__typename ... on Portability { phoneNumber portable notPortableReason notPortableReasonCode numberType country accountSid url } ... on PortabilityCheckError { phoneNumber code message retryable twilioErrorCode }";
const SINGLE = `query($n: String!) { portability(phoneNumber: $n) { ${FIELDS} } }`;
const BATCH = `query($n: [String!]!) { portabilities(phoneNumbers: $n) { ${FIELDS} } }`;
const OTHER_NUMBER = "+14155550199";
const OWNER = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa02";
const MARK = "HOSTILE-UPSTREAM-TEXT";
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

const status = fc.constantFrom(200, 201, 204, 301, 400, 401, 403, 404, 409, 410, 422, 429, 500, 502, 503, 504);
const text = fc.oneof(fc.string({ unit: "binary", maxLength: 20 }), fc.constant(MARK), fc.constant(`<b>${MARK}</b>`));
const fieldValue = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(INT32), fc.double({ noNaN: true, noDefaultInfinity: true }), text, fc.array(fc.integer(INT32), { maxLength: 2 }));
/** Bodies near Twilio's shapes (portability and error), with any field value, plus free-form JSON and text. */
const body = fc.oneof(
  fc.record(
    {
      phone_number: fc.oneof(fc.constant(NUMBER), fc.constant(null), fc.constant(OTHER_NUMBER), text),
      portable: fc.oneof(fc.boolean(), fieldValue),
      not_portable_reason: fc.oneof(fc.constantFrom("UNSUPPORTED", "ALREADY_IN_THE_TARGET_ACCOUNT", "UNKNOWN", "ERROR_INTERNAL_SERVER_ERROR"), fieldValue),
      not_portable_reason_code: fc.oneof(fc.constantFrom(22130, 22131, 22132, 22135, 22102, 99999), fieldValue),
      number_type: fc.oneof(fc.constantFrom("LOCAL", "MOBILE", "TOLL-FREE", "UNKNOWN", "tollfree"), fieldValue),
      country: fc.oneof(fc.constantFrom("US", "GB", "<img src=x>", "us"), fieldValue),
      account_sid: fc.oneof(fc.constantFrom(OWNER, `AC${"z".repeat(32)}`), fieldValue),
      url: fc.oneof(fc.constantFrom(`https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/${NUMBER}`, "javascript:alert(1)"), fieldValue),
      pin_and_account_number_required: fieldValue,
      message: fc.constant(`${MARK} ${STUB_AUTH_TOKEN}`),
    },
    { requiredKeys: [] },
  ),
  fc.record({ code: fc.oneof(fc.constantFrom(20003, 20429, 22130, 22132, 22102, 20404), fc.integer(INT32), fieldValue), message: fc.constant(MARK), status: fc.integer({ min: 100, max: 599 }) }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 2 }),
  text,
);
const retryAfter = fc.option(fc.oneof(fc.constantFrom("0", "1", "-1", "2.5", "Wed, 21 Oct 2015 07:28:00 GMT", "99999999999", "", "NaN"), fc.string({ maxLength: 8 })), { nil: undefined });
const reply = fc.record({ status, body, retryAfter }).map(({ status: code, body: payload, retryAfter: after }): StubReply => ({
  status: code,
  body: typeof payload === "string" ? payload : payload,
  headers: after === undefined ? {} : { "retry-after": after.replace(/[^\x20-\x7e]/g, "") },
}));

describe("a hostile upstream never breaks the answer (fast-check against the live app)", () => {
  let stub: StubTwilio;
  let app: TestApp;
  beforeAll(async () => {
    stub = await startStubTwilio();
    app = await startTestApp(stub.url, { LOG_LEVEL: "silent", UPSTREAM_MAX_RETRIES: "1", UPSTREAM_MAX_RATE_LIMIT_RETRIES: "1", UPSTREAM_TIMEOUT_MS: "500", BREAKER_MIN_CHECKS: "1000000" });
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
  });
  beforeEach(() => stub.reset());

  /** Either kind is about the number asked; a verdict's fields hold only their published formats. */
  function expectTypedResult(result: Record<string, unknown>): void {
    expect(["Portability", "PortabilityCheckError"]).toContain(result.__typename);
    expect(result.phoneNumber).toBe(NUMBER);
    if (result.__typename === "PortabilityCheckError") {
      expect(["UPSTREAM_AUTHENTICATION_FAILED", "UPSTREAM_RATE_LIMITED", "UPSTREAM_UNAVAILABLE", "UPSTREAM_TIMEOUT", "UPSTREAM_ERROR"]).toContain(result.code);
    } else {
      expect(result.country === null || /^[A-Z]{2}$/.test(String(result.country))).toBe(true);
      expect(result.accountSid === null || /^AC[0-9a-fA-F]{32}$/.test(String(result.accountSid))).toBe(true);
      expect(result.url === null || String(result.url).startsWith("https://numbers.twilio.com/")).toBe(true);
    }
  }

  it("any status, body and Retry-After: HTTP 200, no errors, one typed result, no upstream text but the portability fields", async () => {
    await fc.assert(
      fc.asyncProperty(reply, fc.boolean(), async (answer, single) => {
        stub.reset();
        stub.respond(() => answer);
        const response = await postQuery(app.url, single ? SINGLE : BATCH, { n: single ? NUMBER : [NUMBER] });
        expect(response.status).toBe(200);
        expect(response.body.errors).toBeUndefined();
        const result = (single ? response.body.data!.portability : (response.body.data!.portabilities as unknown[])[0]) as Record<string, unknown>;
        expectTypedResult(result);
        const answerText = JSON.stringify(response.body);
        expect(answerText).not.toContain(STUB_AUTH_TOKEN);
        if (result.__typename === "PortabilityCheckError") expect(answerText).not.toContain(MARK);
        expect(stub.received.length).toBeGreaterThanOrEqual(1);
        expect(stub.received.length).toBeLessThanOrEqual(2);
      }),
      { numRuns: 200, seed: 0x5ec0101 },
    );
  });

  // Regression (was a bug): twilio-body.ts:17/:43 accept any JSON integer; one beyond GraphQL's 32-bit Int fails serialization: a top-level INTERNAL_SERVER_ERROR.
  it.each([
    ["a 200 body's not_portable_reason_code", { status: 200, body: portabilityBody(NUMBER, { portable: false, not_portable_reason_code: 2 ** 31 }) }],
    ["a 4xx error body's code", { status: 403, body: { code: 99_999_999_999, message: "x" } }],
  ])("an out-of-Int32 number in %s is not a top-level error", async (_name, answer: StubReply) => {
    stub.respond(() => answer);
    const response = await postQuery(app.url, SINGLE, { n: NUMBER });
    expect(response.body.errors).toBeUndefined();
    expectTypedResult(response.body.data!.portability as Record<string, unknown>);
  });

  // Regression (issue 7, item 7): these were verdicts, with the upstream's number or text in them.
  it.each([
    ["a 302 with a portability body", { status: 302, body: portabilityBody(NUMBER), headers: { location: "https://example.com/" } }],
    ["a 404 with a portability body", { status: 404, body: portabilityBody(NUMBER) }],
    ["a 404 with reason code 22130", { status: 404, body: { code: 22130, message: MARK } }],
    ["a 200 body about another number", { status: 200, body: portabilityBody(OTHER_NUMBER) }],
    ["a 200 body about another number owned by an account", { status: 200, body: portabilityBody(OTHER_NUMBER, { portable: false, not_portable_reason_code: 22136, account_sid: OWNER }) }],
    ["a 200 body whose country is markup", { status: 200, body: portabilityBody(NUMBER, { country: "<img src=x>" }) }],
    ["a 200 body whose account_sid is not an account SID", { status: 200, body: portabilityBody(NUMBER, { account_sid: `<b>${MARK}</b>` }) }],
    ["a 200 body whose url is not https", { status: 200, body: portabilityBody(NUMBER, { url: "javascript:alert(1)" }) }],
  ])("%s is UPSTREAM_ERROR for the number asked, with none of its text", async (_name, answer: StubReply) => {
    stub.respond(() => answer);
    const response = await postQuery(app.url, SINGLE, { n: NUMBER });
    expect(response.body).toEqual({
      data: {
        portability: {
          __typename: "PortabilityCheckError",
          phoneNumber: NUMBER,
          code: "UPSTREAM_ERROR",
          message: "Twilio returned an answer this service could not use.",
          retryable: false,
          twilioErrorCode: "code" in (answer as { body: object }).body ? 22130 : null,
        },
      },
    });
  });

  it("a 200 body naming the account that owns the number keeps that account_sid", async () => {
    stub.respond(() => ({ status: 200, body: portabilityBody(NUMBER, { portable: false, not_portable_reason: "ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS", not_portable_reason_code: 22136, account_sid: OWNER }) }));
    const response = await postQuery(app.url, SINGLE, { n: NUMBER });
    expect(response.body.data!.portability).toMatchObject({ __typename: "Portability", phoneNumber: NUMBER, notPortableReason: "ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS", accountSid: OWNER });
  });
});
