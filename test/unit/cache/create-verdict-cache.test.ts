import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createVerdictCache } from "../../../src/cache/create-verdict-cache.js";
import { LruVerdictCache } from "../../../src/cache/lru-verdict-cache.js";
import { NullVerdictCache } from "../../../src/cache/null-verdict-cache.js";
import { RedisVerdictCache } from "../../../src/cache/redis-verdict-cache.js";
import { CHECKED_AT, keyFor, verdict } from "./verdicts.js";

// Never connected: only the choice of implementation is under test.
const client = new Redis({ lazyConnect: true });
const shared = { client, keyPrefix: "p:", credentialsFingerprint: "fp" };

describe("createVerdictCache", () => {
  it("CACHE_TTL_SECONDS=0 is the null cache, with or without Redis", async () => {
    for (const store of [null, shared]) {
      const cache = createVerdictCache({ ttlSeconds: 0, maxEntries: 10 }, store);
      expect(cache).toBeInstanceOf(NullVerdictCache);
      await cache.set(keyFor(), verdict());
      expect(await cache.get(keyFor(), Number.POSITIVE_INFINITY, CHECKED_AT)).toBeNull();
    }
  });

  it("with Redis, the Redis cache; without, the in-process LRU", () => {
    expect(createVerdictCache({ ttlSeconds: 300, maxEntries: 10 }, shared)).toBeInstanceOf(RedisVerdictCache);
    expect(createVerdictCache({ ttlSeconds: 300, maxEntries: 10 }, null)).toBeInstanceOf(LruVerdictCache);
  });
});
