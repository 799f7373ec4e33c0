import { setTimeout as sleep } from "node:timers/promises";
import { RateLimitedError, type CallerRateLimits } from "../auth/rate-limits.js";
import type { Caller } from "../auth/api-key.js";

/**
 * A job's numbers spend the key's numbers-per-minute allowance as they are checked, not at
 * submission: a 100,000-number job would never fit one minute's allowance. Before each chunk the
 * runner takes the chunk's numbers (repeats included, as an interactive batch counts them), in
 * pieces no larger than the whole allowance; a refused piece waits for the Retry-After the limiter
 * gives and asks again. So a job runs at most at the key's rate and shares it with the key's
 * interactive requests, which may find the minute spent by the job (and get 429) while it runs.
 */
export async function takeAllowance(rateLimits: CallerRateLimits, callerId: string, numbersPerMinute: number | null, count: number, signal: AbortSignal): Promise<void> {
  if (numbersPerMinute === null) return;
  // Only the numbers limit is consulted by consumeNumbers; requestsPerMinute is not spent here.
  const caller: Caller = { id: callerId, targets: "*", limits: { requestsPerMinute: Number.MAX_SAFE_INTEGER, numbersPerMinute } };
  let left = count;
  while (left > 0) {
    const piece = Math.min(left, numbersPerMinute);
    try {
      await rateLimits.consumeNumbers(caller, piece);
      left -= piece;
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      await sleep(error.retryAfterSeconds * 1000, undefined, { signal });
    }
  }
}
