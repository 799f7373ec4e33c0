import type { Redis } from "ioredis";
import type { CacheConfig } from "../config/cache-config.js";
import { LruVerdictCache } from "./lru-verdict-cache.js";
import { NullVerdictCache } from "./null-verdict-cache.js";
import { RedisVerdictCache } from "./redis-verdict-cache.js";
import type { VerdictCache } from "./verdict-cache.js";

export interface SharedCacheStore {
  readonly client: Redis;
  readonly keyPrefix: string;
  readonly credentialsFingerprint: string;
  readonly onError?: (error: unknown) => void;
}

/** CACHE_TTL_SECONDS=0: none; with Redis: shared by every instance; else this process's bounded LRU. */
export function createVerdictCache(config: CacheConfig, shared: SharedCacheStore | null): VerdictCache {
  if (config.ttlSeconds === 0) return new NullVerdictCache();
  if (shared !== null) return new RedisVerdictCache({ ...shared, ttlSeconds: config.ttlSeconds });
  return new LruVerdictCache({ maxEntries: config.maxEntries, ttlSeconds: config.ttlSeconds });
}
