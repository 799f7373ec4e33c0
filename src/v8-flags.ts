import { setFlagsFromString } from "node:v8";

/**
 * Two V8 settings for a server's memory, set by the entry's first import: both are read by V8 when
 * it needs them (at every GC; when it compiles WebAssembly), so setting them here is as good as the
 * command line, and `node dist/main.js` needs no flags.
 */

/**
 * How far V8 lets the old generation grow past what the last full GC kept, before the next one:
 * 1.2 ×, instead of the up-to-4 × V8 picks for a small heap that collects quickly. A 10,000-number
 * batch promotes ~25 MB that die soon after (each check's in-flight state, caught by a scavenge),
 * and with V8's own factor no full GC runs during the whole batch, so all of it stays resident
 * (peak RSS 169–196 MB). At 1.2 × a full GC runs every ~8 MB promoted (V8's minimum step), which
 * costs a few incremental, mostly concurrent marks per batch. It changes when the heap is
 * collected, never how large it may get (--max-old-space-size is untouched), so a 100,000-number
 * job can still hold what it needs.
 */
export const HEAP_GROWING_PERCENT = 20;

setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

/**
 * WebAssembly stays on V8's baseline compiler (Liftoff). The only WebAssembly here is undici's HTTP
 * parser (llhttp), and once it is hot V8 recompiles its one huge function with TurboFan in the
 * background: 30–35 MB of compiler memory for ~300 ms, which was the peak RSS of a 10,000-number
 * batch (V8's malloced memory 0.8 → 34 MB and back, with no JavaScript compiler involved). The
 * parser was ~1 % of the layer's CPU with TurboFan code.
 */
setFlagsFromString("--liftoff-only");
