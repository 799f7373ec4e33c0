import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
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

/** Where allowances are counted when several instances serve one set of keys. */
export interface SharedRateLimitStore {
  /** From createRedisConnection: no offline queue, short command timeout, so a down Redis fails over at once. */
  readonly client: Redis;
  /** REDIS_KEY_PREFIX. */
  readonly keyPrefix: string;
}

/**
 * Per-key allowances per one-minute window (rate-limiter-flexible). One limiter per distinct limit
 * value, keyed by key id, so keys with their own limits don't share.
 *
 * Without a store, counted in memory: each instance allows the whole limit. With Redis, every instance
 * counts in one place, and while Redis is away (not ready, or a command fails or times out) each
 * instance falls back to its own in-memory limiter, so a Redis outage loosens limits to per-process
 * ones instead of refusing or holding callers.
 */
export class CallerRateLimits {
  private readonly limiters = new Map<number, RateLimiterAbstract>();

  constructor(private readonly shared: SharedRateLimitStore | null = null) {}

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
      // On Redis another instance may see the overshoot until this reward lands: it can only refuse
      // a little early, never let more through.
      await limiter.reward(key, points);
      throw new RateLimitedError(limit, Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    }
  }

  private limiterFor(points: number): RateLimiterAbstract {
    let limiter = this.limiters.get(points);
    if (limiter === undefined) {
      limiter = this.createLimiter(points);
      this.limiters.set(points, limiter);
    }
    return limiter;
  }

  private createLimiter(points: number): RateLimiterAbstract {
    const memory = new RateLimiterMemory({ points, duration: 60 });
    if (this.shared === null) return memory;
    return new RateLimiterRedis({
      storeClient: this.shared.client,
      // The limit is part of the key, as it is of the memory limiter's identity: a key whose limit
      // changes starts a fresh window rather than reading a count made against another limit.
      keyPrefix: `${this.shared.keyPrefix}rate-limit:${points}`,
      points,
      duration: 60,
      // Not ready: go to the insurance limiter without sending anything (ioredis would refuse anyway).
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
  }
}
