import { setFlagsFromString } from "node:v8";

/**
 * How far V8 lets the old generation grow past what the last full GC kept, before the next one:
 * 1.2 ×, instead of the up-to-4 × V8 picks for a small heap that collects quickly. A 10,000-number
 * batch promotes ~25 MB that die soon after (each check's in-flight state, caught by a scavenge),
 * and with V8's own factor no full GC runs during the whole batch, so all of it stays resident
 * (peak RSS 169–196 MB). At 1.2 × a full GC runs every ~8 MB promoted (V8's minimum step), which
 * costs a few incremental, mostly concurrent marks per batch. It changes when the heap is
 * collected, never how large it may get (--max-old-space-size is untouched), so a 100,000-number
 * job can still hold what it needs.
 *
 * Read by V8 at every GC, so setting it here, the entry's first import, is as good as the command
 * line: `node dist/main.js` needs no flags.
 */
export const HEAP_GROWING_PERCENT = 20;

setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
