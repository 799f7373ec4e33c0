import { describe, expect, it } from "vitest";
import { expectedCheck, faultSequence, mulberry32, shuffled, type Fault } from "../helpers/fault-stub.js";

// The resilience suites trust the injector to be deterministic and to fault at the rate it is given;
// these checks keep them from passing vacuously.
describe("the seeded fault injector", () => {
  it("mulberry32 is a pure function of its seed", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
    for (const value of first) expect(value >= 0 && value < 1).toBe(true);
  });

  it("gives each number the same faults whatever the order numbers are asked in", () => {
    const options = { seed: 7, faultRate: 0.3, max429Run: 3 };
    const numbers = Array.from({ length: 50 }, (_, i) => `+1415700${String(i).padStart(4, "0")}`);
    const forward = numbers.map((n) => faultSequence(options, n, 6));
    const backward = [...numbers].reverse().map((n) => faultSequence(options, n, 6)).reverse();
    expect(backward).toEqual(forward);
    expect(faultSequence({ ...options, seed: 8 }, numbers[0]!, 40)).not.toEqual(faultSequence(options, numbers[0]!, 40));
  });

  it("faults about faultRate of attempts, spread over all four transient kinds", () => {
    const options = { seed: 1, faultRate: 0.3 };
    const counts = new Map<Fault, number>();
    for (let i = 0; i < 2_000; i += 1) {
      for (const fault of faultSequence(options, `+1415800${String(i).padStart(4, "0")}`, 5)) counts.set(fault, (counts.get(fault) ?? 0) + 1);
    }
    const total = 10_000;
    expect((total - counts.get("ok")!) / total).toBeGreaterThan(0.28);
    expect((total - counts.get("ok")!) / total).toBeLessThan(0.32);
    for (const kind of ["503", "22135", "reset", "429"] as const) {
      expect(counts.get(kind)! / total).toBeGreaterThan(0.06);
      expect(counts.get(kind)! / total).toBeLessThan(0.09);
    }
  });

  it("makes runs of consecutive 429s when bursts are on", () => {
    let longestRun = 0;
    for (let i = 0; i < 500; i += 1) {
      const run = faultSequence({ seed: 3, faultRate: 0.3, max429Run: 3 }, `+1415900${String(i).padStart(4, "0")}`, 12)
        .join(",")
        .match(/429(,429)*/g);
      for (const found of run ?? []) longestRun = Math.max(longestRun, found.split(",").length);
    }
    expect(longestRun).toBeGreaterThanOrEqual(3);
  });

  it("works out a check's end from its faults", () => {
    const n = "+14155550100";
    expect(expectedCheck(["503", "reset", "ok"], 2, n)).toMatchObject({ attempts: 3, exhausted: false, result: { portable: true } });
    // 429s spend their own budget: with none, the first 429 ends the check.
    expect(expectedCheck(["503", "reset", "429", "ok"], 2, n, 0)).toMatchObject({
      attempts: 3,
      exhausted: true,
      result: { __typename: "PortabilityCheckError", code: "UPSTREAM_RATE_LIMITED", twilioErrorCode: 20429, retryable: true },
    });
    expect(expectedCheck(["503", "reset", "429", "ok"], 2, n, 1)).toMatchObject({ attempts: 4, exhausted: false, result: { portable: true } });
    expect(expectedCheck(["429", "22135", "22135"], 1, n)).toMatchObject({ attempts: 3, result: { portable: false, notPortableReasonCode: 22135 } });
    expect(() => expectedCheck(["429", "22135"], 1, n)).toThrow(/too short/);
    expect(expectedCheck(["reset"], 0, n)).toMatchObject({ attempts: 1, result: { code: "UPSTREAM_UNAVAILABLE", twilioErrorCode: null } });
  });

  it("shuffles deterministically", () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect(shuffled(items, mulberry32(5))).toEqual(shuffled(items, mulberry32(5)));
    expect(shuffled(items, mulberry32(5))).not.toEqual(items);
    expect([...shuffled(items, mulberry32(5))].sort((a, b) => a - b)).toEqual(items);
  });
});
