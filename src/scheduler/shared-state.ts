import type { Redis } from "ioredis";
import { ClusterSlots, type Lease } from "./cluster-slots.js";
import { SharedLimits, type SharedLimitsSnapshot } from "./shared-limits.js";

/** `shared`: slots, limit and pause are the cluster's. `local`: Redis failed, this process's own cap rules. */
export type SharedStateMode = "shared" | "local";

/** The Redis every instance of one account shares, as createChecker receives it. */
export interface SharedStore {
  /**
   * From createRedisConnection: no offline queue and a 250 ms command timeout, which are what keep
   * a down or hung Redis from holding a grant longer than that. It is duplicated, not used itself.
   */
  readonly client: Redis;
  /** REDIS_KEY_PREFIX. */
  readonly keyPrefix: string;
  /** A command failed: RedisConnection.reportError, so /readyz and the logs see it. */
  readonly onError?: (error: unknown) => void;
}

export interface SharedStateOptions {
  readonly store: SharedStore;
  readonly accountSid: string;
  /** Lifetime of a lease nobody released: longer than any attempt (the check timeout and a margin). */
  readonly leaseMs: number;
  /** How long a published limit stands: the adaptive limit's hold. */
  readonly limitTtlMs: number;
  /** How old the shared limit and pause may be when a slot is granted. */
  readonly refreshMs?: number;
  /** While local, how often Redis is tried again. */
  readonly probeMs?: number;
  readonly now?: () => number;
}

/** Another instance's 429 reaches this one within about this much. */
const DEFAULT_REFRESH_MS = 100;
const DEFAULT_PROBE_MS = 500;

/** What the scheduler hears from the shared state. */
export interface SharedStateListener {
  /** A fresh read of what the other instances published. */
  snapshot(snapshot: SharedLimitsSnapshot): void;
  /** Redis answers again: waiting attempts can ask for leases. */
  recovered(): void;
}

/**
 * The scheduler's view of the cluster, and the one place that decides whether Redis is used. Redis is
 * never a single point of failure: the first command that fails (refused at once with no offline
 * queue, or after the 250 ms command timeout) turns the mode to `local`, the grant that asked goes
 * ahead on the local cap, and later grants do not touch Redis at all; a probe every `probeMs` turns
 * it back to `shared` when Redis answers (at once when the connection comes back). It starts local
 * and turns shared when its connection is first ready, a few milliseconds after start. Slots granted
 * while local hold no lease, so for about one attempt after recovery the cluster may have up to
 * those slots more in flight than the cap.
 *
 * It works on a duplicate of the given client with ioredis's `keyPrefix` set: every key is then under
 * REDIS_KEY_PREFIX, including the one redis-semaphore names itself (see ClusterSlots).
 */
export class SharedState {
  private readonly client: Redis;
  private readonly slots: ClusterSlots;
  private readonly limits: SharedLimits;
  private readonly onError: (error: unknown) => void;
  private readonly refreshMs: number;
  private readonly probeMs: number;
  private readonly now: () => number;
  /** Local until the duplicate connection is first ready: a grant never waits for a connect. */
  private current: SharedStateMode = "local";
  private readAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private listener: SharedStateListener | undefined;
  private closed = false;

  constructor(options: SharedStateOptions) {
    this.onError = options.store.onError ?? (() => {});
    this.refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
    this.probeMs = options.probeMs ?? DEFAULT_PROBE_MS;
    this.now = options.now ?? Date.now;
    this.client = options.store.client.duplicate({ keyPrefix: options.store.keyPrefix });
    // Failed connects are emitted here; the given connection already reports its own, rate-limited.
    this.client.on("error", () => {});
    // (Re)connected: try at once instead of at the next probe. A hung Redis stays "ready" to ioredis,
    // so the probe timer, not this event, is what notices that it answers again.
    this.client.on("ready", () => {
      if (this.current === "local" && !this.closed) this.probe(0);
    });
    this.slots = new ClusterSlots({
      client: this.client,
      accountSid: options.accountSid,
      leaseMs: options.leaseMs,
      onReleaseError: (error) => this.failed(error),
    });
    this.limits = new SharedLimits({ client: this.client, accountSid: options.accountSid, limitTtlMs: options.limitTtlMs });
  }

  get mode(): SharedStateMode {
    return this.current;
  }

  /** The scheduler registers once. */
  listen(listener: SharedStateListener): void {
    this.listener = listener;
  }

  /**
   * For one grant: the shared limit and pause read again if older than `refreshMs` (the listener
   * hears them first), then a lease under `limit()`, evaluated after that read. Null: the cluster is
   * full. `local`: Redis failed, and the grant goes ahead on the local cap.
   */
  async lease(limit: () => number): Promise<Lease | null | "local"> {
    try {
      if (this.now() - this.readAt >= this.refreshMs) await this.refresh();
      return await this.slots.tryLease(limit());
    } catch (error) {
      this.failed(error);
      return "local";
    }
  }

  /** Requests in flight to the account from every instance (leases held); null when Redis failed. */
  async leasesHeld(): Promise<number | null> {
    if (this.current === "local") return null;
    try {
      return await this.slots.held();
    } catch (error) {
      this.failed(error);
      return null;
    }
  }

  /** This instance settled at `limit` after a 429: the others lower to it. */
  publishLimit(limit: number): void {
    if (this.current === "shared") this.limits.publishLimit(limit).catch((error) => this.failed(error));
  }

  /** A 429's Retry-After (already capped): the others pause too. */
  publishPause(pauseMs: number): void {
    if (this.current === "shared") this.limits.publishPause(pauseMs).catch((error) => this.failed(error));
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    this.client.disconnect();
  }

  /** One read at a time: the grants that find the snapshot stale together wait for the same one. */
  private refresh(): Promise<void> {
    this.reading ??= this.limits
      .read()
      .then((snapshot) => {
        this.readAt = this.now();
        this.listener?.snapshot(snapshot);
      })
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  private failed(error: unknown): void {
    if (this.closed) return;
    this.onError(error);
    if (this.current === "local") return;
    this.current = "local";
    this.readAt = Number.NEGATIVE_INFINITY;
    this.probe(this.probeMs);
  }

  private probe(delayMs: number): void {
    clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      this.refresh().then(
        () => {
          if (this.closed || this.current === "shared") return;
          this.current = "shared";
          this.listener?.recovered();
        },
        () => {
          if (!this.closed && this.current === "local") this.probe(this.probeMs);
        },
      );
    }, delayMs);
    // A process with nothing else to do must still be able to exit.
    this.probeTimer.unref();
  }
}
