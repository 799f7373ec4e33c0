import { CheckErrorCode } from "../domain/check-error-code.js";
import type { CheckResult, PortabilityAnswer } from "../domain/check-result.js";
import { checkFailure } from "./check-failure.js";
import { answerFromReasonCode, toPortabilityAnswer } from "./portability.mapper.js";
import { TRANSIENT_REASON_CODE } from "./reason-codes.js";
import { parseTwilioBody, type ParsedBody } from "./twilio-body.js";

/**
 * What one upstream attempt came to. `transient` outcomes are worth retrying; their `result` is what
 * the caller gets if no retry is left or fits in the deadline.
 */
export type AttemptOutcome =
  | { readonly kind: "final"; readonly result: CheckResult }
  | { readonly kind: "transient"; readonly result: CheckResult; readonly retryAfterMs: number | null };

export interface UpstreamResponse {
  readonly status: number;
  readonly retryAfter: string | undefined;
  readonly body: string;
}

/** HTTP status → outcome, the one place it is decided. `phoneNumber` is the E.164 number that was asked. */
export function classifyResponse(response: UpstreamResponse, phoneNumber: string, now = Date.now()): AttemptOutcome {
  const { status } = response;
  const parsed = parseTwilioBody(response.body);
  const twilioCode = parsed.kind === "error" ? parsed.code : null;

  if (status === 401) {
    return final(checkFailure(CheckErrorCode.UPSTREAM_AUTHENTICATION_FAILED, phoneNumber, twilioCode));
  }
  if (status === 429 || status >= 500) {
    const code = status === 429 ? CheckErrorCode.UPSTREAM_RATE_LIMITED : CheckErrorCode.UPSTREAM_UNAVAILABLE;
    return {
      kind: "transient",
      result: checkFailure(code, phoneNumber, twilioCode),
      retryAfterMs: parseRetryAfter(response.retryAfter, now),
    };
  }
  const answer = verdictFrom(status, parsed, phoneNumber, now);
  return answer === null
    ? final(checkFailure(CheckErrorCode.UPSTREAM_ERROR, phoneNumber, twilioCode))
    : answered(answer);
}

/**
 * The only statuses a verdict comes with. Twilio's OpenAPI documents 200 (either verdict); its prose
 * shows not-portable verdicts as 400, with the portability body or as a Twilio error body whose code
 * is a reason code. Anything else is not Twilio answering this question, whatever the body says: a
 * 302 or 404 carrying a portability body is a proxy, a captive portal or a wrong route, and a 404
 * "22130" is not Twilio saying the number is unsupported.
 */
function verdictFrom(status: number, parsed: ParsedBody, phoneNumber: string, now: number): PortabilityAnswer | null {
  if (status === 200 && parsed.kind === "portability") return toPortabilityAnswer(parsed.body, phoneNumber, now);
  if (status !== 400) return null;
  // A 400 saying "portable" contradicts itself: 400 is how Twilio says no.
  if (parsed.kind === "portability") return parsed.body.portable ? null : toPortabilityAnswer(parsed.body, phoneNumber, now);
  return parsed.kind === "error" ? answerFromReasonCode(parsed.code, phoneNumber, now) : null;
}

/** A 22135 verdict is Twilio failing, not the number: retried, and reported as said if it persists. */
function answered(answer: PortabilityAnswer): AttemptOutcome {
  return answer.notPortableReasonCode === TRANSIENT_REASON_CODE
    ? { kind: "transient", result: answer, retryAfterMs: null }
    : final(answer);
}

function final(result: CheckResult): AttemptOutcome {
  return { kind: "final", result };
}

/** Retry-After is delta-seconds or an HTTP date (RFC 9110 §10.2.3); anything else is ignored. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Every HTTP-date form starts with a day name; without this, V8's lenient Date.parse reads "2.5" as 2001.
  if (!/^[A-Za-z]{3}/.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
