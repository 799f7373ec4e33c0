import { describe, expect, it } from "vitest";
import { AdaptiveLimit } from "../../../src/scheduler/adaptive-limit.js";

describe("AdaptiveLimit (AIMD under the configured ceiling)", () => {
  it("starts at the ceiling and never grows past it", () => {
    const limit = new AdaptiveLimit({ ceiling: 10 });
    expect(limit.current).toBe(10);
    for (let i = 0; i < 100; i += 1) limit.succeeded();
    expect(limit.current).toBe(10);
  });

  it("halves on a rate-limit signal, once per window however many 429s that window produced", () => {
    const limit = new AdaptiveLimit({ ceiling: 100 });
    const window = limit.window;
    for (let i = 0; i < 70; i += 1) limit.rateLimited(window);
    expect(limit.current).toBe(50);
    // An attempt granted after the decrease that still got a 429: the new limit is too high as well.
    limit.rateLimited(limit.window);
    expect(limit.current).toBe(25);
  });

  it("caps at the requests still in flight when a 429 came back, but never below a quarter of the window's start", () => {
    const limit = new AdaptiveLimit({ ceiling: 100 });
    const window = limit.window;
    // 70 of 100 got 429 at once while the 30 the account accepted were still out.
    for (let inFlight = 99; inFlight >= 30; inFlight -= 1) limit.rateLimited(window, inFlight);
    expect(limit.current).toBe(30);
    // 429s that come back late, with little in flight, do not collapse it.
    limit.rateLimited(window, 2);
    expect(limit.current).toBe(25);
  });

  it("never goes below one slot", () => {
    const limit = new AdaptiveLimit({ ceiling: 4 });
    for (let i = 0; i < 10; i += 1) limit.rateLimited(limit.window);
    expect(limit.current).toBe(1);
  });

  it("holds where a 429 left it for holdMs, then probes higher again", () => {
    let now = 0;
    const limit = new AdaptiveLimit({ ceiling: 100, holdMs: 5_000, now: () => now });
    limit.rateLimited(limit.window, 30);
    expect(limit.current).toBe(30);
    for (let i = 0; i < 500; i += 1) limit.succeeded();
    expect(limit.current).toBe(30);
    now += 5_000;
    for (let i = 0; i < 100; i += 1) limit.succeeded();
    expect(limit.current).toBeGreaterThan(31);
  });

  it("grows back by about one slot per window of good answers", () => {
    const limit = new AdaptiveLimit({ ceiling: 100, initial: 20 });
    for (let i = 0; i < 20; i += 1) limit.succeeded();
    expect(limit.current).toBe(20);
    for (let i = 0; i < 21; i += 1) limit.succeeded();
    expect(limit.current).toBe(21);
    for (let i = 0; i < 200; i += 1) limit.succeeded();
    expect(limit.current).toBeGreaterThanOrEqual(28);
    expect(limit.current).toBeLessThanOrEqual(30);
  });

  it("adopts a lower limit another instance settled at, holds there, starts a new window, and ignores a higher one", () => {
    let now = 0;
    const limit = new AdaptiveLimit({ ceiling: 100, holdMs: 5_000, now: () => now });
    const before = limit.window;
    limit.adopt(150);
    limit.adopt(100);
    expect([limit.current, limit.window]).toEqual([100, before]);
    limit.adopt(30);
    expect([limit.current, limit.window]).toEqual([30, before + 1]);
    // A 429 to an attempt granted before adopting is the same overshoot: capped, not halved again.
    limit.rateLimited(before);
    expect(limit.current).toBe(30);
    for (let i = 0; i < 500; i += 1) limit.succeeded();
    expect(limit.current).toBe(30);
    now += 5_000;
    for (let i = 0; i < 100; i += 1) limit.succeeded();
    expect(limit.current).toBeGreaterThan(31);
  });
});
