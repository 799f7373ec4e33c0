import type { CachedVerdict, VerdictCache } from "./verdict-cache.js";

/** CACHE_TTL_SECONDS=0: every read a miss, nothing kept. */
export class NullVerdictCache implements VerdictCache {
  async get(): Promise<CachedVerdict | null> {
    return null;
  }

  async set(): Promise<void> {}
}
