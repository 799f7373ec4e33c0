import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Caller } from "./api-key.js";

/** The caller spent its allowance; `retryAfterSeconds` is when enough of it is back. */
export class RateLimitedError extends Error {
  override readonly name = "RateLimitedError";
  readonly code = "RATE_LIMITED";
  constructor(
    readonly limit: "requests" | "numbers",
    readonly retryAfterSeconds: number,
  ) {
    super(`Rate limit reached: too many ${limit} per minute for this API key; retry in ${retryAfterSeconds} s`);
  }
}

/**
 * Per-key allowances per one-minute window (rate-limiter-flexible, in memory: per process). One
 * limiter per distinct limit value, keyed by key id, so keys with their own limits don't share.
 */
export class CallerRateLimits {
  private readonly limiters = new Map<number, RateLimiterMemory>();

  async consumeRequest(caller: Caller): Promise<void> {
    if (caller.limits !== null) await this.consume(caller.id, "requests", caller.limits.requestsPerMinute, 1);
  }

  async consumeNumbers(caller: Caller, count: number): Promise<void> {
    if (caller.limits !== null && count > 0) await this.consume(caller.id, "numbers", caller.limits.numbersPerMinute, count);
  }

  private async consume(callerId: string, limit: "requests" | "numbers", perMinute: number, points: number): Promise<void> {
    // A request bigger than the whole allowance can never pass: refuse it without spending the window.
    if (points > perMinute) throw new RateLimitedError(limit, 60);
    const limiter = this.limiterFor(perMinute);
    const key = `${limit}:${callerId}`;
    try {
      await limiter.consume(key, points);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      // rate-limiter-flexible counts a refused consume; a refused request must not spend what is left.
      await limiter.reward(key, points);
      throw new RateLimitedError(limit, Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    }
  }

  private limiterFor(points: number): RateLimiterMemory {
    let limiter = this.limiters.get(points);
    if (limiter === undefined) {
      limiter = new RateLimiterMemory({ points, duration: 60 });
      this.limiters.set(points, limiter);
    }
    return limiter;
  }
}
