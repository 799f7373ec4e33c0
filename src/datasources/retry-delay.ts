export interface RetryDelayOptions {
  readonly baseMs: number;
  /** Uniform in [0, 1); injectable so tests can pin the jitter. */
  readonly random: () => number;
}

/** Exponential backoffs are capped so a long Retry-After chain cannot grow without bound. */
const MAX_BACKOFF_MS = 30_000;

/**
 * How long to wait before retry number `attempt` (1-based): exponential with "equal jitter", so
 * retry n waits between half and all of base·2^(n-1). A Retry-After from Twilio is a floor: waiting
 * less than it asks would only earn another 429.
 */
export function retryDelayMs(attempt: number, retryAfterMs: number | null, options: RetryDelayOptions): number {
  const exponential = Math.min(options.baseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
  const jittered = Math.round(exponential / 2 + (options.random() * exponential) / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}
