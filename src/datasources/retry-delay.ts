import type { IBackoff, IBackoffFactory, IRetryBackoffContext } from "cockatiel";

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

/** A step of the retry loop carries the delay it has already decided on (null: do not retry). */
export interface DecidedDelay {
  readonly nextDelayMs: number | null;
}

/**
 * cockatiel's retry asks its backoff for the delay after deciding to retry; the delay must be known
 * before that decision (it decides whether the wait fits the deadline), so the attempt computes it and
 * this backoff only reads it back.
 */
export class DecidedBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const step = "value" in context.result ? (context.result.value as DecidedDelay) : undefined;
    return { duration: step?.nextDelayMs ?? 0, next: (next) => this.next(next) };
  }
}
