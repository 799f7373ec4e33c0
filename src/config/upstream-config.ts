import type { OutageBreakerOptions } from "../checker/outage-breaker.js";
import type { CheckPolicy } from "../checker/portability-checker.js";
import { ConfigError } from "./config-error.js";
import { readFraction, readInt, type Env } from "./env-readers.js";

/** How checks reach Twilio: one check's policy plus the account-wide ceiling. */
export interface UpstreamConfig extends CheckPolicy {
  /** UPSTREAM_CONCURRENCY: the most requests in flight to Twilio; the scheduler adapts below it. */
  readonly concurrency: number;
}

export function readUpstreamConfig(env: Env): UpstreamConfig {
  return {
    timeoutMs: readInt(env, "UPSTREAM_TIMEOUT_MS", 10_000, { min: 1, max: 600_000 }),
    maxRetries: readInt(env, "UPSTREAM_MAX_RETRIES", 2, { min: 0, max: 10 }),
    maxRateLimitRetries: readInt(env, "UPSTREAM_MAX_RATE_LIMIT_RETRIES", 5, { min: 0, max: 20 }),
    retryBaseMs: readInt(env, "UPSTREAM_RETRY_BASE_MS", 100, { min: 0, max: 60_000 }),
    concurrency: readInt(env, "UPSTREAM_CONCURRENCY", 25, { min: 1, max: 1_000 }),
  };
}

export function readBreakerConfig(env: Env): OutageBreakerOptions {
  const failureRate = readFraction(env, "BREAKER_FAILURE_RATE", 0.5);
  if (failureRate <= 0 || failureRate >= 1) throw new ConfigError("BREAKER_FAILURE_RATE", `must be between 0 and 1, exclusive, got ${failureRate}`);
  return {
    failureRate,
    minChecks: readInt(env, "BREAKER_MIN_CHECKS", 20, { min: 1, max: 1_000_000 }),
    windowMs: readInt(env, "BREAKER_WINDOW_MS", 10_000, { min: 100, max: 3_600_000 }),
    halfOpenAfterMs: readInt(env, "BREAKER_HALF_OPEN_AFTER_MS", 10_000, { min: 10, max: 3_600_000 }),
  };
}
