import type { Redis } from "ioredis";

/** What the instances on one account last told each other. */
export interface SharedLimitsSnapshot {
  /** The limit an instance settled at after a 429, while it holds; null: none holds. */
  readonly limit: number | null;
  /** Milliseconds left of an account-wide Retry-After pause; 0: none. */
  readonly pauseMs: number;
}

export interface SharedLimitsOptions {
  /** A client whose ioredis `keyPrefix` is REDIS_KEY_PREFIX. */
  readonly client: Redis;
  readonly accountSid: string;
  /** How long a published limit stands: the adaptive limit's hold after a 429. */
  readonly limitTtlMs: number;
}

/**
 * The adaptive limit and the Retry-After pause, shared through two keys that expire by themselves:
 * `<prefix>limit:<accountSid>` (the limit after a 429, for the hold) and `<prefix>pause:<accountSid>`
 * (present while paused). Only decreases are written: growth is each instance's own, so a growing
 * instance can never overwrite another's fresh 429. The pause is read as PTTL, what is left of it by
 * Redis's clock, so the instances' clocks need not agree. Two decreases at once: the last write wins,
 * and the next 429 corrects a limit left too high; a compare-and-set would need a script for little gain.
 */
export class SharedLimits {
  private readonly limitKey: string;
  private readonly pauseKey: string;

  constructor(private readonly options: SharedLimitsOptions) {
    this.limitKey = `limit:${options.accountSid}`;
    this.pauseKey = `pause:${options.accountSid}`;
  }

  /** Rejects when Redis fails. The two commands go out together: one round trip. */
  async read(): Promise<SharedLimitsSnapshot> {
    const { client } = this.options;
    const [limit, pauseMs] = await Promise.all([client.get(this.limitKey), client.pttl(this.pauseKey)]);
    const parsed = limit === null ? NaN : Number(limit);
    return { limit: Number.isSafeInteger(parsed) && parsed >= 1 ? parsed : null, pauseMs: Math.max(0, pauseMs) };
  }

  async publishLimit(limit: number): Promise<void> {
    await this.options.client.set(this.limitKey, String(limit), "PX", this.options.limitTtlMs);
  }

  /** Lengthens a pause already set, never shortens it (PEXPIRE … GT: Redis 7). */
  async publishPause(pauseMs: number): Promise<void> {
    const { client } = this.options;
    const ms = Math.max(1, Math.ceil(pauseMs));
    await Promise.all([client.set(this.pauseKey, "1", "PX", ms, "NX"), client.pexpire(this.pauseKey, ms, "GT")]);
  }
}
