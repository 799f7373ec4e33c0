import { describe, expect, it } from "vitest";
import { classifyResponse, parseRetryAfter, type AttemptOutcome } from "../../../src/datasources/attempt-outcome.js";
import { CheckErrorCode } from "../../../src/domain/check-error-code.js";
import type { PortabilityAnswer } from "../../../src/domain/check-result.js";
import { NotPortableReason } from "../../../src/domain/not-portable-reason.js";
import { NumberType } from "../../../src/domain/number-type.js";
import { EVERY_REASON } from "./every-reason.js";
import { portabilityBody } from "../../helpers/stub-twilio.js";
import { expectedAnswerFromCode, expectedFailure, expectedPortable } from "./expected-results.js";

const NUMBER = "+14155550100";
const NOW = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");

/** Twilio's body for a portable US mobile number (MOBILE, so the mapping of number_type shows). */
function portabilityJson(fields: Record<string, unknown> = {}): string {
  return JSON.stringify(portabilityBody(NUMBER, { number_type: "MOBILE", ...fields }));
}

function answer(fields: Partial<PortabilityAnswer> = {}): PortabilityAnswer {
  return expectedPortable(NUMBER, { numberType: NumberType.MOBILE, ...fields });
}

const errorJson = (code: number, status: number) =>
  JSON.stringify({ code, message: "Twilio's own words", more_info: `https://www.twilio.com/docs/errors/${code}`, status });

const classify = (status: number, body: string, retryAfter?: string): AttemptOutcome =>
  classifyResponse({ status, body, retryAfter }, NUMBER, NOW);

const ALREADY_IN_TARGET = {
  portable: false,
  notPortableReason: NotPortableReason.ALREADY_IN_THE_TARGET_ACCOUNT,
  notPortableReasonCode: 22131,
};

describe("classifyResponse", () => {
  it.each([
    ["200 portable", 200, portabilityJson(), answer()],
    [
      "200 not portable (22131)",
      200,
      portabilityJson({ portable: false, not_portable_reason: "ALREADY_IN_THE_TARGET_ACCOUNT", not_portable_reason_code: 22131 }),
      answer(ALREADY_IN_TARGET),
    ],
    [
      "400 not portable (22131), as Twilio's docs show it",
      400,
      portabilityJson({ portable: false, not_portable_reason: "ALREADY_IN_THE_TARGET_ACCOUNT", not_portable_reason_code: 22131 }),
      answer(ALREADY_IN_TARGET),
    ],
  ])("reads %s as that final answer", (_what, status, body, expected) => {
    expect(classify(status, body)).toEqual({ kind: "final", result: expected });
  });

  // Regression (issue 7, item 7): any status below 500 with a portability body was a verdict.
  it.each([201, 203, 204, 206, 301, 302, 303, 304, 307, 308, 402, 403, 404, 405, 409, 410, 422])(
    "reads %i with a portability body as final UPSTREAM_ERROR: only 200 and 400 carry a verdict",
    (status) => {
      expect(classify(status, portabilityJson())).toEqual({ kind: "final", result: expectedFailure(CheckErrorCode.UPSTREAM_ERROR, NUMBER, null) });
      const notPortable = portabilityJson({ portable: false, not_portable_reason: "UNSUPPORTED", not_portable_reason_code: 22130 });
      expect(classify(status, notPortable)).toEqual({ kind: "final", result: expectedFailure(CheckErrorCode.UPSTREAM_ERROR, NUMBER, null) });
    },
  );

  it("reads a 400 portability body saying portable as final UPSTREAM_ERROR: 400 is how Twilio says no", () => {
    expect(classify(400, portabilityJson())).toEqual({ kind: "final", result: expectedFailure(CheckErrorCode.UPSTREAM_ERROR, NUMBER, null) });
  });

  it.each([402, 403, 404, 409, 410, 422, 302])("reads a %i error body with reason code 22130 as UPSTREAM_ERROR carrying it, not as a verdict", (status) => {
    expect(classify(status, errorJson(22130, status))).toEqual({ kind: "final", result: expectedFailure(CheckErrorCode.UPSTREAM_ERROR, NUMBER, 22130) });
  });

  // Regression (issue 7, item 7): the upstream's phone_number replaced the number asked about.
  it.each([
    ["another number", { phone_number: "+14155550199" }],
    ["another number, not portable, with its owner's account", { phone_number: "+14155550199", portable: false, not_portable_reason_code: 22136, account_sid: "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa02" }],
  ])("reads a 200 body about %s as final UPSTREAM_ERROR", (_what, fields) => {
    expect(classify(200, portabilityJson(fields))).toEqual({ kind: "final", result: expectedFailure(CheckErrorCode.UPSTREAM_ERROR, NUMBER, null) });
  });

  it("reads a 200 body without phone_number as the answer for the number asked", () => {
    expect(classify(200, portabilityJson({ phone_number: null }))).toEqual({ kind: "final", result: answer() });
  });

  // Regression (issue 7, item 7): `country: "<img src=x>"` passed through to clients.
  it.each([
    ["country", { country: "<img src=x>" }],
    ["account_sid", { account_sid: "<script>" }],
    ["url", { url: "javascript:alert(1)" }],
  ])("reads a 200 body with %s off its published format as final UPSTREAM_ERROR", (_what, fields) => {
    expect(classify(200, portabilityJson(fields))).toEqual({ kind: "final", result: expectedFailure(CheckErrorCode.UPSTREAM_ERROR, NUMBER, null) });
  });

  it.each([200, 400])("reads a %i portability body with 22135 as transient, carrying Twilio's answer", (status) => {
    const body = portabilityJson({ portable: false, not_portable_reason: "ERROR_INTERNAL_SERVER_ERROR", not_portable_reason_code: 22135 });
    expect(classify(status, body)).toEqual({
      kind: "transient",
      result: answer({ portable: false, notPortableReason: NotPortableReason.ERROR_INTERNAL_SERVER_ERROR, notPortableReasonCode: 22135 }),
      retryAfterMs: null,
    });
  });

  it.each(EVERY_REASON.filter(([code]) => code !== 22135))(
    "reads a 400 error body with code %i as the final answer %s",
    (code, reason) => {
      expect(classify(400, errorJson(code, 400))).toEqual({ kind: "final", result: expectedAnswerFromCode(NUMBER, reason, code) });
    },
  );

  it("reads a 400 error body with code 22135 as transient, carrying the ERROR_INTERNAL_SERVER_ERROR answer", () => {
    expect(classify(400, errorJson(22135, 400))).toEqual({
      kind: "transient",
      result: expectedAnswerFromCode(NUMBER, NotPortableReason.ERROR_INTERNAL_SERVER_ERROR, 22135),
      retryAfterMs: null,
    });
  });

  it("reads an RFC 9457 400 body with a reason code as that answer", () => {
    const problem = JSON.stringify({ type: "https://www.twilio.com/docs/errors/22130", title: "Unsupported", status: 400, detail: "x", code: 22130 });
    expect(classify(400, problem)).toEqual({
      kind: "final",
      result: expectedAnswerFromCode(NUMBER, NotPortableReason.UNSUPPORTED, 22130),
    });
  });

  it.each([
    ["Twilio's 20003 body", errorJson(20003, 401), 20003],
    ["an unreadable body", "Unauthorized", null],
    ["a portability body", portabilityJson(), null],
  ])("reads 401 with %s as final UPSTREAM_AUTHENTICATION_FAILED", (_what, body, twilioErrorCode) => {
    expect(classify(401, body)).toEqual({
      kind: "final",
      result: expectedFailure(CheckErrorCode.UPSTREAM_AUTHENTICATION_FAILED, NUMBER, twilioErrorCode),
    });
  });

  it.each([
    [403, 20403, errorJson(20403, 403)],
    [404, 20404, errorJson(20404, 404)],
    [400, 21211, errorJson(21211, 400)],
    [400, null, "<html>Bad Request</html>"],
    [422, null, "{}"],
    [200, 20404, errorJson(20404, 404)],
  ])("reads %i with Twilio code %s (not a reason code) as final UPSTREAM_ERROR", (status, twilioErrorCode, body) => {
    expect(classify(status, body)).toEqual({
      kind: "final",
      result: expectedFailure(CheckErrorCode.UPSTREAM_ERROR, NUMBER, twilioErrorCode),
    });
  });

  it.each([
    ["an unreadable body", "<html>OK</html>"],
    ["an empty body", ""],
    ["a body without portable", JSON.stringify({ phone_number: NUMBER, number_type: "LOCAL" })],
    ["portable as a string", portabilityJson({ portable: "true" })],
  ])("reads 200 with %s as final UPSTREAM_ERROR with no Twilio code", (_what, body) => {
    expect(classify(200, body)).toEqual({
      kind: "final",
      result: expectedFailure(CheckErrorCode.UPSTREAM_ERROR, NUMBER, null),
    });
  });

  it.each([
    ["Retry-After: 2", "2", 2000],
    ["an HTTP-date 3 s ahead", new Date(NOW + 3000).toUTCString(), 3000],
    ["no Retry-After", undefined, null],
  ])("reads 429 with %s as transient UPSTREAM_RATE_LIMITED", (_what, retryAfter, retryAfterMs) => {
    expect(classify(429, errorJson(20429, 429), retryAfter)).toEqual({
      kind: "transient",
      result: expectedFailure(CheckErrorCode.UPSTREAM_RATE_LIMITED, NUMBER, 20429),
      retryAfterMs,
    });
  });

  it("reads 429 with a portability body as rate limiting, not as an answer", () => {
    expect(classify(429, portabilityJson())).toEqual({
      kind: "transient",
      result: expectedFailure(CheckErrorCode.UPSTREAM_RATE_LIMITED, NUMBER, null),
      retryAfterMs: null,
    });
  });

  it.each([500, 502, 503, 504])("reads %i as transient UPSTREAM_UNAVAILABLE", (status) => {
    expect(classify(status, "<html>down</html>")).toEqual({
      kind: "transient",
      result: expectedFailure(CheckErrorCode.UPSTREAM_UNAVAILABLE, NUMBER, null),
      retryAfterMs: null,
    });
  });

  it("keeps a 503's Twilio code and Retry-After", () => {
    expect(classify(503, errorJson(20503, 503), "5")).toEqual({
      kind: "transient",
      result: expectedFailure(CheckErrorCode.UPSTREAM_UNAVAILABLE, NUMBER, 20503),
      retryAfterMs: 5000,
    });
  });

  it("reads a 500 with a 22135 body as UPSTREAM_UNAVAILABLE carrying 22135", () => {
    expect(classify(500, errorJson(22135, 500))).toEqual({
      kind: "transient",
      result: expectedFailure(CheckErrorCode.UPSTREAM_UNAVAILABLE, NUMBER, 22135),
      retryAfterMs: null,
    });
  });
});

describe("parseRetryAfter", () => {
  it.each([
    ["0", 0],
    ["1", 1000],
    ["2", 2000],
    ["120", 120_000],
    [" 7 ", 7000],
    ["007", 7000],
  ])("reads delta-seconds %j as %i ms", (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it.each([
    ["IMF-fixdate 3 s ahead", "Wed, 21 Oct 2015 07:28:03 GMT", 3000],
    ["IMF-fixdate 90 s ahead", "Wed, 21 Oct 2015 07:29:30 GMT", 90_000],
    ["IMF-fixdate now", "Wed, 21 Oct 2015 07:28:00 GMT", 0],
    ["IMF-fixdate in the past", "Wed, 21 Oct 2015 07:27:00 GMT", 0],
    ["obsolete RFC 850 date 5 s ahead", "Wednesday, 21-Oct-15 07:28:05 GMT", 5000],
  ])("reads an %s as the time until it, never negative", (_what, value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it.each([undefined, "", "   ", "soon", "0x10", "1e3", "Infinity"])("ignores %j (null)", (value) => {
    expect(parseRetryAfter(value, NOW)).toBeNull();
  });

  // Regression: V8's lenient Date.parse read these as dates in 2001 (0 ms instead of "ignored").
  it.each(["-1", "2.5", "+3", "1.5", "12.31"])("ignores %j, which is neither delta-seconds nor an HTTP-date", (value) => {
    expect(parseRetryAfter(value, NOW)).toBeNull();
  });
});
