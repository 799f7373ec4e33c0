// The key tool lives in src/cli (compiled to dist/cli/create-api-key.js, runnable without dev
// dependencies); this path is kept for `tsx scripts/create-api-key.ts` from a checkout.
import "../src/cli/create-api-key.js";
