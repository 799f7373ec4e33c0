import { LRUCache } from "lru-cache";
import { isCacheable } from "./cacheable.js";
import { memoryKeyFor } from "./verdict-key.js";
import { isFresh, type CachedVerdict, type VerdictCache, type VerdictKey } from "./verdict-cache.js";

export interface LruVerdictCacheOptions {
  /** CACHE_MAX_ENTRIES: the least recently used entry goes first beyond it. */
  readonly maxEntries: number;
  /** CACHE_TTL_SECONDS, counted from `checkedAt`; must be at least 1 (0 is the null cache). */
  readonly ttlSeconds: number;
}

/**
 * This process's verdicts, bounded by entry count (lru-cache). The TTL is checked on read against
 * `checkedAt` rather than left to lru-cache's own clock, so memory and Redis age an entry alike and
 * tests can pass `now`; an expired entry is dropped when it is read or pushed out by newer ones.
 */
export class LruVerdictCache implements VerdictCache {
  private readonly entries: LRUCache<string, CachedVerdict>;
  private readonly ttlMs: number;

  constructor(options: LruVerdictCacheOptions) {
    if (!Number.isSafeInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new RangeError(`maxEntries must be a whole number of at least 1, got ${options.maxEntries}`);
    }
    if (!Number.isSafeInteger(options.ttlSeconds) || options.ttlSeconds < 1) {
      throw new RangeError(`ttlSeconds must be a whole number of at least 1, got ${options.ttlSeconds}`);
    }
    this.entries = new LRUCache({ max: options.maxEntries });
    this.ttlMs = options.ttlSeconds * 1000;
  }

  get size(): number {
    return this.entries.size;
  }

  async get(key: VerdictKey, maxAgeMs: number, now = Date.now()): Promise<CachedVerdict | null> {
    const memoryKey = memoryKeyFor(key);
    const verdict = this.entries.get(memoryKey);
    if (verdict === undefined) return null;
    if (!isFresh(verdict, this.ttlMs, now)) {
      this.entries.delete(memoryKey);
      return null;
    }
    return isFresh(verdict, maxAgeMs, now) ? verdict : null;
  }

  async set(key: VerdictKey, verdict: CachedVerdict): Promise<void> {
    if (isCacheable(key, verdict)) this.entries.set(memoryKeyFor(key), verdict);
  }
}
