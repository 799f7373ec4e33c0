import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Caller } from "../../../src/auth/api-key.js";
import { CallerRateLimits, RateLimitedError } from "../../../src/auth/rate-limits.js";

const caller = (id: string, requestsPerMinute = 3, numbersPerMinute = 5): Caller => ({ id, targets: "*", limits: { requestsPerMinute, numbersPerMinute } });

async function refusal(promise: Promise<void>): Promise<RateLimitedError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RateLimitedError);
  return error as RateLimitedError;
}

describe("CallerRateLimits", () => {
  let limits: CallerRateLimits;
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") });
    limits = new CallerRateLimits();
  });
  afterEach(() => vi.useRealTimers());

  it("lets exactly requestsPerMinute requests through, then refuses with RATE_LIMITED and the seconds left in the window", async () => {
    const key = caller("k");
    for (let i = 0; i < 3; i += 1) await limits.consumeRequest(key);
    const error = await refusal(limits.consumeRequest(key));
    expect(error).toMatchObject({ name: "RateLimitedError", code: "RATE_LIMITED", limit: "requests", retryAfterSeconds: 60 });
    expect(error.message).toBe("Rate limit reached: too many requests per minute for this API key; retry in 60 s");
    vi.advanceTimersByTime(30_000);
    expect((await refusal(limits.consumeRequest(key))).retryAfterSeconds).toBe(30);
    vi.advanceTimersByTime(29_500);
    expect((await refusal(limits.consumeRequest(key))).retryAfterSeconds).toBe(1);
  });

  it("gives the allowance back when the minute is over", async () => {
    const key = caller("k");
    for (let i = 0; i < 3; i += 1) await limits.consumeRequest(key);
    await refusal(limits.consumeRequest(key));
    vi.advanceTimersByTime(60_001);
    for (let i = 0; i < 3; i += 1) await limits.consumeRequest(key);
    await refusal(limits.consumeRequest(key));
  });

  it("keeps each key's allowance apart, with the same or different limits", async () => {
    for (let i = 0; i < 3; i += 1) await limits.consumeRequest(caller("a"));
    await refusal(limits.consumeRequest(caller("a")));
    for (let i = 0; i < 3; i += 1) await limits.consumeRequest(caller("b"));
    for (let i = 0; i < 10; i += 1) await limits.consumeRequest(caller("c", 10));
    await refusal(limits.consumeRequest(caller("b")));
    await refusal(limits.consumeRequest(caller("c", 10)));
  });

  it("keeps requests and numbers apart", async () => {
    const key = caller("k");
    for (let i = 0; i < 3; i += 1) await limits.consumeRequest(key);
    await limits.consumeNumbers(key, 5);
    expect((await refusal(limits.consumeNumbers(key, 1))).limit).toBe("numbers");
    expect((await refusal(limits.consumeRequest(key))).limit).toBe("requests");
  });

  it("counts numbers exactly: 2 + 3 of 5 pass, the next one is refused", async () => {
    const key = caller("k");
    await limits.consumeNumbers(key, 2);
    await limits.consumeNumbers(key, 3);
    const error = await refusal(limits.consumeNumbers(key, 1));
    expect(error).toMatchObject({ limit: "numbers", retryAfterSeconds: 60 });
    expect(error.message).toBe("Rate limit reached: too many numbers per minute for this API key; retry in 60 s");
  });

  it("refuses a batch larger than the whole allowance with Retry-After 60, without spending anything", async () => {
    const key = caller("k");
    expect(await refusal(limits.consumeNumbers(key, 6))).toMatchObject({ limit: "numbers", retryAfterSeconds: 60 });
    expect(await refusal(limits.consumeNumbers(key, 1_000_000))).toMatchObject({ retryAfterSeconds: 60 });
    await limits.consumeNumbers(key, 5);
  });

  it("a batch of 0 numbers spends nothing and is never refused", async () => {
    const key = caller("k");
    await limits.consumeNumbers(key, 5);
    await limits.consumeNumbers(key, 0);
  });

  it("a caller without limits (no API keys configured) is never refused", async () => {
    const anonymous: Caller = { id: "anonymous", targets: "*", limits: null };
    for (let i = 0; i < 1_000; i += 1) await limits.consumeRequest(anonymous);
    await limits.consumeNumbers(anonymous, 10_000_000);
  });

  // Regression (was a bug): rate-limits.ts:36 lets rate-limiter-flexible count a refused consume, so a refused 3-number batch spends the 2 numbers left.
  it("a refused batch that crosses the allowance spends nothing: what was left can still be used", async () => {
    const key = caller("k");
    await limits.consumeNumbers(key, 3);
    await refusal(limits.consumeNumbers(key, 3));
    await limits.consumeNumbers(key, 2);
  });
});
