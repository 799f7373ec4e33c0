import { setFlagsFromString } from "node:v8";
import { restHeapGrowth } from "./runtime/heap-growth.js";

/**
 * The V8 settings for a server's memory, set by the entry's first import. Both are read by V8 when it
 * needs them (when it compiles WebAssembly; at the end of every full GC), so setting them from here
 * works as well as the command line, and `node dist/main.js` needs no flags.
 */

/**
 * WebAssembly stays on V8's baseline compiler (Liftoff). The only WebAssembly here is undici's HTTP
 * parser (llhttp). Once it is hot, V8 recompiles its one huge function with TurboFan in the
 * background: 30–35 MB of compiler memory for ~300 ms. That was the peak RSS of a 10,000-number
 * batch (V8's malloced memory went 0.8 → 34 MB and back, with no JavaScript compiler involved). The
 * parser was ~1 % of the layer's CPU with TurboFan code.
 */
setFlagsFromString("--liftoff-only");

/** Heap growth starts at its resting factor (runtime/heap-growth.ts). */
restHeapGrowth();
