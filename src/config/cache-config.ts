import { readInt, type Env } from "./env-readers.js";

/** The cross-request verdict cache. */
export interface CacheConfig {
  /** How long a Twilio verdict is served again; 0 turns the cache off. */
  readonly ttlSeconds: number;
  /** Bound of the in-process cache (used when there is no Redis). */
  readonly maxEntries: number;
}

export function readCacheConfig(env: Env): CacheConfig {
  return {
    // Five minutes: a number's portability changes with a port or an ownership change, which takes
    // days, while a caller retrying a batch or a form re-validating asks again within minutes.
    ttlSeconds: readInt(env, "CACHE_TTL_SECONDS", 300, { min: 0, max: 86_400 }),
    // An entry with its key is ~420 bytes of heap (measured with lru-cache 11 on Node 20), so the
    // default holds the in-process cache near 45 MB.
    maxEntries: readInt(env, "CACHE_MAX_ENTRIES", 100_000, { min: 1, max: 10_000_000 }),
  };
}
