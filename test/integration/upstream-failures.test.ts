import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CheckPortabilityDocument } from "../generated/operations.js";
import { expectedId } from "../helpers/result-id.js";
import { execute } from "../helpers/graphql-client.js";
import { portabilityBody, startStubTwilio, type StubReply, type StubTwilio } from "../helpers/stub-twilio.js";
import { STUB_AUTH_TOKEN, startTestApp, type TestApp } from "../helpers/test-app.js";

const NUMBER = "+14155550100";
const twilioError = (code: number, status: number, message = "Upstream says something secret-ish") => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});

describe("upstream failures through GraphQL", () => {
  let stub: StubTwilio;
  let app: TestApp;
  beforeAll(async () => {
    stub = await startStubTwilio();
    app = await startTestApp(stub.url, { UPSTREAM_MAX_RETRIES: "2", UPSTREAM_TIMEOUT_MS: "400" });
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
  });
  beforeEach(() => stub.reset());

  const cases: Array<[string, StubReply, Record<string, unknown>, number]> = [
    ["401", { status: 401, body: twilioError(20003, 401) }, { code: "UPSTREAM_AUTHENTICATION_FAILED", retryable: false, twilioErrorCode: 20003 }, 1],
    ["429", { status: 429, body: twilioError(20429, 429), headers: { "retry-after": "0" } }, { code: "UPSTREAM_RATE_LIMITED", retryable: true, twilioErrorCode: 20429 }, 6],
    ["503", { status: 503, body: "<html>oops</html>" }, { code: "UPSTREAM_UNAVAILABLE", retryable: true, twilioErrorCode: null }, 3],
    ["connection reset", { reset: true }, { code: "UPSTREAM_UNAVAILABLE", retryable: true, twilioErrorCode: null }, 3],
    ["a hang", { hang: true }, { code: "UPSTREAM_TIMEOUT", retryable: true, twilioErrorCode: null }, 1],
    ["403 with RFC 9457 body", { status: 403, body: { type: "x", title: "Forbidden", status: 403, detail: "no", code: 20403 } }, { code: "UPSTREAM_ERROR", retryable: false, twilioErrorCode: 20403 }, 1],
    ["200 without portable", { status: 200, body: { phone_number: NUMBER } }, { code: "UPSTREAM_ERROR", retryable: false, twilioErrorCode: null }, 1],
    ["200 that is not JSON", { status: 200, body: "not json" }, { code: "UPSTREAM_ERROR", retryable: false, twilioErrorCode: null }, 1],
  ];

  it.each(cases)("maps %s to a PortabilityCheckError after the documented number of attempts", async (_name, reply, expected, attempts) => {
    stub.respond(() => reply);
    const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber: NUMBER });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.portability).toMatchObject({ __typename: "PortabilityCheckError", phoneNumber: NUMBER, ...expected });
    expect(stub.attemptsFor(NUMBER)).toBe(attempts);
    const text = JSON.stringify(response.body);
    for (const leak of ["secret-ish", "oops", STUB_AUTH_TOKEN, "Basic ", stub.url, "stack"]) expect(text).not.toContain(leak);
  });

  it("answers a 400 carrying the portability body as that Portability (Twilio's documented not-portable shape)", async () => {
    stub.respond((request) => ({
      status: 400,
      body: portabilityBody(request.phoneNumber, { portable: false, not_portable_reason: "UNSUPPORTED", not_portable_reason_code: 22130, number_type: "UNKNOWN", country: "CO" }),
    }));
    const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber: NUMBER });
    expect(response.body.data!.portability).toMatchObject({ __typename: "Portability", portable: false, notPortableReason: "UNSUPPORTED", notPortableReasonCode: 22130, country: "CO" });
    expect(stub.attemptsFor(NUMBER)).toBe(1);
  });

  it("answers a 400 error body with a reason code as the matching Portability", async () => {
    stub.respond(() => ({ status: 400, body: twilioError(22132, 400) }));
    const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber: NUMBER });
    expect(response.body.data!.portability).toEqual({
      __typename: "Portability",
      id: expectedId(null, null, NUMBER),
      input: NUMBER,
      phoneNumber: NUMBER,
      targetAccountSid: null,
      addressSid: null,
      accountSid: null,
      portable: false,
      pinAndAccountNumberRequired: null,
      notPortableReason: "ALREADY_IN_TWILIO_DIFFERENT_OWNER",
      notPortableReasonCode: 22132,
      numberType: "UNKNOWN",
      country: null,
      url: null,
      nextStep: "MOVE_BETWEEN_ACCOUNTS",
      guidance: expect.stringContaining("belongs to someone else"),
      helpUrl: "https://www.twilio.com/docs/api/errors/22132",
    });
  });

  it("retries a 22135 answer and returns the later good answer", async () => {
    stub.respond((request, attempt) => ({
      status: 200,
      body: attempt < 3
        ? portabilityBody(request.phoneNumber, { portable: false, not_portable_reason: "ERROR_INTERNAL_SERVER_ERROR", not_portable_reason_code: 22135 })
        : portabilityBody(request.phoneNumber),
    }));
    const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber: NUMBER });
    expect(response.body.data!.portability).toMatchObject({ __typename: "Portability", portable: true, notPortableReason: null });
    expect(stub.attemptsFor(NUMBER)).toBe(3);
  });

  it("returns a 22135 answer that survives every retry as Twilio said it", async () => {
    stub.respond((request) => ({
      status: 200,
      body: portabilityBody(request.phoneNumber, { portable: false, not_portable_reason: "ERROR_INTERNAL_SERVER_ERROR", not_portable_reason_code: 22135 }),
    }));
    const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber: NUMBER });
    expect(response.body.data!.portability).toMatchObject({ __typename: "Portability", portable: false, notPortableReason: "ERROR_INTERNAL_SERVER_ERROR", notPortableReasonCode: 22135 });
    expect(stub.attemptsFor(NUMBER)).toBe(3);
  });

  it("stops at once with UPSTREAM_RATE_LIMITED when Retry-After would outlast the deadline", async () => {
    stub.respond(() => ({ status: 429, body: twilioError(20429, 429), headers: { "retry-after": "5" } }));
    const started = Date.now();
    const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber: NUMBER });
    expect(Date.now() - started).toBeLessThan(400);
    expect(response.body.data!.portability).toMatchObject({ code: "UPSTREAM_RATE_LIMITED", retryable: true });
    expect(stub.attemptsFor(NUMBER)).toBe(1);
  });
});
