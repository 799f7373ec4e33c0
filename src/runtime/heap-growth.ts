import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * How fast V8's old generation may grow, by what the process is doing: a resting factor, and a tight
 * one while a large list is checked. V8 reads the flag whenever it sets the next limit, at the end of
 * each full GC, so it can change while the process runs.
 */

/**
 * How far the old generation may grow past what the last full GC kept before V8 runs the next one.
 * V8's own factor (up to 4 × for a small heap that collects quickly) lets a server's heap bloat: 256
 * MB RSS after 30 s of single checks, against 177 MB at 1.5 ×. 1.5 × is the resting factor.
 */
export const RESTING_HEAP_GROWING_PERCENT = 50;

/**
 * The factor while a large list is being checked: 1.2 ×. A 10,000-number batch promotes ~25 MB that
 * die soon after: each check's in-flight state, which outlives a scavenge or two. With V8's own
 * factor no full GC runs during the whole batch, so all of it stays resident (peak RSS 169–196 MB).
 * At 1.2 × a full GC runs every ~8 MB promoted (V8's minimum step). This changes when the heap is
 * collected, never how large it may get (--max-old-space-size is untouched), so a 100,000-number
 * job can still hold what it needs.
 *
 * Only while a large list runs: 1.2 × held all the time cost single checks 10–18 % of their requests
 * per CPU-second. Their in-flight state is promoted too, and each full GC marks the whole ~35 MB
 * heap on V8's helper threads, several times a second under load.
 */
export const TIGHT_HEAP_GROWING_PERCENT = 20;

/**
 * Fewer distinct numbers than this in one list keep the resting factor. At ~4 kB of garbage per
 * number, such a list stays within V8's minimum step between full GCs, so a tighter factor could not
 * change its peak; it would only cost the forced collection below.
 */
export const LARGE_LIST = 2_000;

/** The resting factor: set once by the entry's first import (v8-flags.ts), and by every last release. */
export function restHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${RESTING_HEAP_GROWING_PERCENT}`);
}

let holds = 0;
let collectNow: (() => void) | undefined;

/**
 * Tightens heap growth until the returned release is called (it acts once; holds nest, and the last
 * release restores the resting factor). The first hold also runs one full GC, because V8 applies the
 * factor only when it sets the next limit, at the end of a full GC. Without it, the limit left by the
 * last full GC before the list would stand for the whole list: after 4 s of single checks a
 * 10,000-number batch then added 28–33 MB to RSS, against 2 MB with it. That GC costs ~10–30 ms of
 * one core, once per large list or job, against seconds of checking.
 */
export function holdTightHeap(): () => void {
  if (holds++ === 0) {
    setFlagsFromString(`--heap-growing-percent=${TIGHT_HEAP_GROWING_PERCENT}`);
    (collectNow ??= fullGc())();
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holds === 0) restHeapGrowth();
  };
}

/** How many holds are in force (tests; a positive count means the tight factor is). */
export function tightHeapHolds(): number {
  return holds;
}

/**
 * V8's gc(), without exposing it to this program's own global scope: the flag makes `gc` a global
 * of contexts created while it is set, and only the one made here sees it.
 */
function fullGc(): () => void {
  setFlagsFromString("--expose-gc");
  try {
    return runInNewContext("gc") as () => void;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
}
