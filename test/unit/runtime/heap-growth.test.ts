import { constants, PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { holdTightHeap, tightHeapHolds } from "../../../src/runtime/heap-growth.js";

/** A "gc" entry's detail (Node's perf_hooks types leave it unknown). */
type GcEntry = PerformanceEntry & { readonly detail?: { readonly kind: number } };

/** Full (mark-compact) GCs that started while the synchronous `during` ran, as perf_hooks reports them. */
async function fullGcsDuring(during: () => void): Promise<number> {
  const entries: GcEntry[] = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ entryTypes: ["gc"] });
  const start = performance.now();
  during();
  const end = performance.now();
  // GC entries are delivered asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return entries.filter(
    (entry) => entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR && entry.startTime >= start && entry.startTime <= end,
  ).length;
}

const releases: Array<() => void> = [];
afterEach(() => {
  for (const release of releases.splice(0)) release();
});

describe("holdTightHeap", () => {
  it("counts nested holds, and each release acts once", () => {
    expect(tightHeapHolds()).toBe(0);
    const first = holdTightHeap();
    const second = holdTightHeap();
    releases.push(first, second);
    expect(tightHeapHolds()).toBe(2);
    first();
    first();
    expect(tightHeapHolds()).toBe(1);
    second();
    expect(tightHeapHolds()).toBe(0);
  });

  it("runs one full GC when the first hold starts, none for a nested one, and exposes no gc global", async () => {
    let nested: (() => void) | undefined;
    const outer = holdTightHeap();
    releases.push(outer);
    expect(await fullGcsDuring(() => (nested = holdTightHeap()))).toBe(0);
    releases.push(nested!);
    outer();
    nested!();
    expect(await fullGcsDuring(() => releases.push(holdTightHeap()))).toBeGreaterThanOrEqual(1);
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
