import type { Redis } from "ioredis";
import { decodeCachedVerdict, encodeCachedVerdict } from "./cached-verdict.codec.js";
import { isCacheable } from "./cacheable.js";
import { redisKeyFor } from "./verdict-key.js";
import { isFresh, type CachedVerdict, type VerdictCache, type VerdictKey } from "./verdict-cache.js";

export interface RedisVerdictCacheOptions {
  /**
   * From createRedisConnection: its command timeout and missing offline queue are what keep a read
   * from outlasting a slow or absent Redis. A client with an offline queue would hold reads until it
   * reconnects.
   */
  readonly client: Redis;
  /** REDIS_KEY_PREFIX. */
  readonly keyPrefix: string;
  /** CACHE_TTL_SECONDS, counted from `checkedAt`; at least 1 (0 is the null cache). */
  readonly ttlSeconds: number;
  /** credentialsFingerprint(username): instances with other Twilio credentials share nothing. */
  readonly credentialsFingerprint: string;
  /** A command failed (the read was a miss, the write dropped): RedisConnection.reportError. */
  readonly onError?: (error: unknown) => void;
  readonly now?: () => number;
}

/**
 * Verdicts shared by every instance on one Redis and one prefix. Values are JSON written with
 * SET … EX, the expiry being what is left of the TTL since Twilio answered; reads validate what comes
 * back. Any failure is a miss or a dropped write, reported to `onError`.
 */
export class RedisVerdictCache implements VerdictCache {
  private readonly onError: (error: unknown) => void;
  private readonly now: () => number;

  constructor(private readonly options: RedisVerdictCacheOptions) {
    if (!Number.isSafeInteger(options.ttlSeconds) || options.ttlSeconds < 1) {
      throw new RangeError(`ttlSeconds must be a whole number of at least 1, got ${options.ttlSeconds}`);
    }
    this.onError = options.onError ?? (() => {});
    this.now = options.now ?? Date.now;
  }

  async get(key: VerdictKey, maxAgeMs: number, now = this.now()): Promise<CachedVerdict | null> {
    try {
      const text = await this.options.client.get(this.keyFor(key));
      if (text === null) return null;
      const verdict = decodeCachedVerdict(text);
      // A value this version would not have written (corrupt, or a 22135 from a buggy writer) is a miss.
      if (verdict === null || !isCacheable(key, verdict)) return null;
      return isFresh(verdict, maxAgeMs, now) ? verdict : null;
    } catch (error) {
      this.onError(error);
      return null;
    }
  }

  async set(key: VerdictKey, verdict: CachedVerdict): Promise<void> {
    try {
      if (!isCacheable(key, verdict)) return;
      const ageSeconds = Math.max(0, Math.floor((this.now() - verdict.checkedAt) / 1000));
      const expiresInSeconds = this.options.ttlSeconds - ageSeconds;
      if (expiresInSeconds < 1) return;
      await this.options.client.set(this.keyFor(key), encodeCachedVerdict(verdict), "EX", expiresInSeconds);
    } catch (error) {
      this.onError(error);
    }
  }

  private keyFor(key: VerdictKey): string {
    return redisKeyFor(this.options.keyPrefix, this.options.credentialsFingerprint, key);
  }
}
