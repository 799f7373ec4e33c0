import type { Redis } from "ioredis";
import type { Semaphore } from "redis-semaphore";

/** One cluster-wide upstream slot, held for one attempt. */
export interface Lease {
  /** Gives the slot back; never throws (a failed release only leaves the slot until it expires). */
  release(): void;
}

export interface ClusterSlotsOptions {
  /** A client whose ioredis `keyPrefix` is REDIS_KEY_PREFIX (SharedState makes one). */
  readonly client: Redis;
  readonly accountSid: string;
  /** How long a lease lives when its holder never releases it (the instance died): longer than any attempt. */
  readonly leaseMs: number;
  /** A release that did not reach Redis. */
  readonly onReleaseError: (error: unknown) => void;
}

/**
 * The slots every instance on one Redis, prefix and Twilio account share: a redis-semaphore
 * Semaphore per lease, one try each (the scheduler does its own waiting, so a cancelled or unfair
 * waiter never holds a place in Redis). redis-semaphore keeps the holders in a sorted set scored by
 * acquisition time and drops those older than `leaseMs` on every acquire, so a killed instance's
 * slots come back within `leaseMs` without any refresh timer per lease; an attempt never lasts
 * longer than the check timeout, which `leaseMs` exceeds.
 *
 * The key is `<prefix>semaphore:slots:<accountSid>`: redis-semaphore prepends "semaphore:" to the
 * name, and the client's keyPrefix puts REDIS_KEY_PREFIX before it (a Redis ACL on the prefix covers it).
 * Scores are the instances' own clocks (redis-semaphore sends Date.now()): skew between instances
 * shortens or lengthens a dead instance's leases by the skew, which NTP keeps far below `leaseMs`.
 */
export class ClusterSlots {
  private readonly name: string;
  /** Loaded with the first ClusterSlots, not at import: memory mode never builds one and never pays for redis-semaphore. */
  private readonly Semaphore: Promise<typeof Semaphore>;

  constructor(private readonly options: ClusterSlotsOptions) {
    this.name = `slots:${options.accountSid}`;
    this.Semaphore = import("redis-semaphore").then((module) => module.Semaphore);
  }

  /** Leases held cluster-wide now (a dead holder's count until the next acquire drops it); rejects when Redis fails. */
  held(): Promise<number> {
    return this.options.client.zcard(`semaphore:${this.name}`);
  }

  /** A lease while fewer than `limit` are held cluster-wide, else null; rejects when Redis fails. */
  async tryLease(limit: number): Promise<Lease | null> {
    const semaphore = new (await this.Semaphore)(this.options.client, this.name, Math.max(1, limit), {
      lockTimeout: this.options.leaseMs,
      acquireAttemptsLimit: 1,
      retryInterval: 0,
      // No refresh: leases are sized to outlast any attempt, and a timer per lease would cost more.
      refreshInterval: 0,
    });
    if (!(await semaphore.tryAcquire())) return null;
    return { release: () => void semaphore.release().catch(this.options.onReleaseError) };
  }
}
