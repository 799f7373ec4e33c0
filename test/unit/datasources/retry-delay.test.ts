import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { retryDelayMs } from "../../../src/datasources/retry-delay.js";

const LOWEST = () => 0;
const HIGHEST = () => 0.999999;

describe("retryDelayMs", () => {
  it.each([
    [1, 50, 100],
    [2, 100, 200],
    [3, 200, 400],
    [4, 400, 800],
    [8, 6400, 12_800],
  ])("waits between half and all of base·2^(n-1) before retry %i (base 100): [%i, %i]", (attempt, low, high) => {
    expect(retryDelayMs(attempt, null, { baseMs: 100, random: LOWEST })).toBe(low);
    expect(retryDelayMs(attempt, null, { baseMs: 100, random: HIGHEST })).toBe(high);
  });

  it("is the midpoint of the range for random 0.5", () => {
    expect(retryDelayMs(3, null, { baseMs: 100, random: () => 0.5 })).toBe(300);
  });

  it("asks for one random number per delay", () => {
    let calls = 0;
    retryDelayMs(2, 1000, { baseMs: 100, random: () => (calls++, 0.25) });
    expect(calls).toBe(1);
  });

  it("stays within [base·2^(n-1)/2, base·2^(n-1)] (capped at 30 s) for any random, attempt 1..8 and base 1..1000", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 1000 }),
        (random, attempt, baseMs) => {
          const exponential = Math.min(baseMs * 2 ** (attempt - 1), 30_000);
          const delay = retryDelayMs(attempt, null, { baseMs, random: () => random });
          return Number.isInteger(delay) && delay >= exponential / 2 && delay <= exponential;
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("never waits less than Retry-After, and waits no more than the larger of Retry-After and the backoff", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 120_000 }),
        (random, attempt, baseMs, retryAfterMs) => {
          const withHeader = retryDelayMs(attempt, retryAfterMs, { baseMs, random: () => random });
          const without = retryDelayMs(attempt, null, { baseMs, random: () => random });
          return withHeader === Math.max(without, retryAfterMs);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("treats Retry-After as a floor: 1 s beats a 50..100 ms backoff", () => {
    expect(retryDelayMs(1, 1000, { baseMs: 100, random: LOWEST })).toBe(1000);
  });

  it("keeps the backoff when it is longer than Retry-After", () => {
    expect(retryDelayMs(4, 100, { baseMs: 100, random: HIGHEST })).toBe(800);
  });

  it("reads Retry-After 0 as no floor", () => {
    expect(retryDelayMs(1, 0, { baseMs: 100, random: LOWEST })).toBe(50);
  });

  it.each([
    [9, 1000],
    [20, 1000],
    [1, 60_000],
  ])("caps the backoff at 30 s (attempt %i, base %i)", (attempt, baseMs) => {
    expect(retryDelayMs(attempt, null, { baseMs, random: LOWEST })).toBe(15_000);
    expect(retryDelayMs(attempt, null, { baseMs, random: HIGHEST })).toBe(30_000);
  });

  it("honours a Retry-After above the cap, since it is a floor", () => {
    expect(retryDelayMs(20, 45_000, { baseMs: 1000, random: HIGHEST })).toBe(45_000);
  });

  it("waits 0 with base 0 and no Retry-After", () => {
    expect(retryDelayMs(5, null, { baseMs: 0, random: HIGHEST })).toBe(0);
  });
});
