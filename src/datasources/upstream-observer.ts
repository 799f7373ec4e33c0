import type { CheckResult } from "../domain/check-result.js";

/** How an attempt ended, as metrics see it: an HTTP status, or no response at all ("aborted": its caller left or the deadline passed). */
export type AttemptStatus = number | "timeout" | "network" | "aborted";

export type BreakerState = "closed" | "open" | "half-open";

/**
 * What the Twilio client reports as it works. Kept free of any metrics library: src/observability
 * implements it with prom-client, tests with arrays.
 */
export interface UpstreamObserver {
  attempt(status: AttemptStatus, seconds: number): void;
  retry(): void;
  result(result: CheckResult): void;
  breakerState(state: BreakerState): void;
  /** A verdict-cache lookup: a hit is an upstream call saved across requests. */
  cache(outcome: "hit" | "miss"): void;
  /** A check that joined an upstream call another request had already started for the same number. */
  joined(): void;
}

export const SILENT_OBSERVER: UpstreamObserver = {
  attempt() {},
  retry() {},
  result() {},
  breakerState() {},
  cache() {},
  joined() {},
};
