import type { Logger } from "pino";
import { CheckErrorCode } from "../domain/check-error-code.js";
import type { CheckResult } from "../domain/check-result.js";
import { maskPhoneNumber } from "./mask-phone-number.js";

/** Enough examples to find a pattern, few enough that an outage does not flood the log. */
const SAMPLES = 5;

/**
 * One line per request whose checks failed: counts by code and a few masked numbers. Failed
 * authentication to Twilio is an error (an operator must fix credentials); the rest are warnings.
 */
export function logFailedChecks(to: { readonly logger: Logger }, results: readonly CheckResult[]): void {
  const counts: Partial<Record<CheckErrorCode, number>> = {};
  const samples: string[] = [];
  for (const result of results) {
    if (result.__typename !== "PortabilityCheckError") continue;
    counts[result.code] = (counts[result.code] ?? 0) + 1;
    if (samples.length < SAMPLES) samples.push(maskPhoneNumber(result.phoneNumber));
  }
  if (samples.length === 0) return;
  const level = counts[CheckErrorCode.UPSTREAM_AUTHENTICATION_FAILED] === undefined ? "warn" : "error";
  // Read only now: the request's child logger is made on first use (http-app.ts).
  to.logger[level]({ failedChecks: counts, samplePhoneNumbers: samples }, "portability checks failed");
}
