import { AdaptiveLimit } from "./adaptive-limit.js";
import type { Lease } from "./cluster-slots.js";
import { FairQueue, type Priority, type Waiter } from "./fair-queue.js";
import { onAbort, type StopSignal } from "./stop-signal.js";
import type { SharedState, SharedStateMode } from "./shared-state.js";

/** Who an attempt is for; one ticket per check, reused for its retries. */
export interface Ticket {
  /** API key id; every unauthenticated caller is one caller. */
  readonly caller: string;
  /** The GraphQL request or job: compared by identity. */
  readonly group: object;
  readonly priority: Priority;
  /** Stopped when the client left, the request's deadline passed, or the server is stopping. */
  readonly signal: StopSignal;
}

/** How an attempt's answer bears on the account's limit. */
export type Feedback =
  | { readonly kind: "ok" }
  /** 429 / 20429: the account is over its limit; `retryAfterMs` pauses everyone, not just this check. */
  | { readonly kind: "rate-limited"; readonly retryAfterMs: number | null }
  /** No bearing on the limit (a timeout, a 5xx, a network error). */
  | { readonly kind: "neutral" };

/** A granted slot: release it exactly once, with what the attempt learned. */
export interface Permit {
  release(feedback: Feedback): void;
}

export interface SchedulerOptions {
  /** UPSTREAM_CONCURRENCY: the most requests in flight to Twilio, however the limit adapts. */
  readonly ceiling: number;
  readonly now?: () => number;
  /**
   * With Redis: the cap, the adaptive limit and the pause are the cluster's (see pumpShared).
   * Without: this process alone, and a grant is made synchronously, as it always was.
   */
  readonly shared?: SharedState;
}

/** A Retry-After longer than this is not believed in full: checks' deadlines are shorter anyway. */
const MAX_PAUSE_MS = 30_000;
/**
 * When the cluster's slots are all held, how often the head of the queue asks again (plus up to as
 * much jitter, so instances do not ask in step). A slot this instance releases is asked for at once.
 */
const CLUSTER_POLL_MS = 5;

interface QueuedAttempt extends Waiter {
  readonly grant: (permit: Permit) => void;
  readonly fail: (reason: unknown) => void;
}

/** The breaker opened while attempts were waiting: they fail at once instead of waiting for a slot. */
export class SchedulerRejectedError extends Error {
  override readonly name = "SchedulerRejectedError";
}

/**
 * The one gate between checks and Twilio: every attempt of every check (GraphQL requests now, bulk
 * jobs later) waits here for a slot. It decides three things and nothing else:
 * - **who goes next**: round-robin across callers, then across a caller's requests (FairQueue), and
 *   interactive before bulk;
 * - **how many go at once**: an AIMD limit under UPSTREAM_CONCURRENCY (AdaptiveLimit), fed by the
 *   permits' feedback;
 * - **when nobody goes**: a 429's Retry-After pauses every new attempt for the whole account.
 * A waiter whose signal aborts leaves the queue at once and never starts. Retries and deadlines are
 * the checker's business; the scheduler holds no timers but the one for the pause (and, shared, the
 * one that asks again for a cluster slot).
 */
export class UpstreamScheduler {
  private readonly queue = new FairQueue<QueuedAttempt>();
  private readonly adaptive: AdaptiveLimit;
  private readonly now: () => number;
  private active = 0;
  private pausedUntil = 0;
  private resumeTimer: NodeJS.Timeout | undefined;
  private readonly shared: SharedState | undefined;
  /** Local slots reserved by lease requests on their way to Redis. */
  private leasing = 0;
  /** Redis said the cluster is full: no new lease request until the poll timer or a release of ours. */
  private clusterFull = false;
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(options: SchedulerOptions) {
    this.now = options.now ?? Date.now;
    this.adaptive = new AdaptiveLimit({ ceiling: options.ceiling, now: this.now });
    this.shared = options.shared;
    this.shared?.listen({
      snapshot: ({ limit, pauseMs }) => {
        if (limit !== null) this.adaptive.adopt(limit);
        if (pauseMs > 0) this.pausedUntil = Math.max(this.pausedUntil, this.now() + pauseMs);
      },
      recovered: () => this.pump(),
    });
  }

  /** `shared`: the limits are the cluster's; `local`: Redis failed, this process's cap alone; null: no Redis configured. */
  get sharedState(): SharedStateMode | null {
    return this.shared?.mode ?? null;
  }

  /** Requests in flight to Twilio now. */
  get inFlight(): number {
    return this.active;
  }

  /** Attempts waiting for a slot. */
  get waiting(): number {
    return this.queue.size;
  }

  /** The concurrency limit in force now (≤ UPSTREAM_CONCURRENCY). */
  get limit(): number {
    return this.adaptive.current;
  }

  /** Milliseconds left of an account-wide Retry-After pause; 0 when none. */
  get pauseRemainingMs(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  /**
   * Resolves with a permit when the ticket's turn comes; rejects with the signal's reason if it aborts
   * first. `retry`: the check already made an attempt, so it goes before its request's unstarted ones.
   */
  acquire(ticket: Ticket, retry = false): Promise<Permit> {
    if (ticket.signal.aborted) return Promise.reject(ticket.signal.reason);
    // Nobody waiting and a slot free: what push-then-pump would do at once, without the queue entry and
    // the abort subscription it would add and remove.
    if (this.queue.size === 0 && this.active < this.adaptive.current && this.shared?.mode !== "shared" && this.pauseRemainingMs === 0) {
      this.active += 1;
      return Promise.resolve(this.permit(undefined));
    }
    return new Promise<Permit>((resolve, reject) => {
      const waiter: QueuedAttempt = {
        caller: ticket.caller,
        group: ticket.group,
        priority: ticket.priority,
        grant: (permit) => {
          unsubscribe();
          resolve(permit);
        },
        fail: (reason) => {
          unsubscribe();
          reject(reason);
        },
      };
      this.queue.push(waiter, retry);
      const unsubscribe = onAbort(ticket.signal, () => {
        if (this.queue.remove(waiter)) reject(ticket.signal.reason);
      });
      this.pump();
    });
  }

  /** Fails every waiting attempt with `reason` (the breaker opened: waiting would only delay the answer). */
  rejectWaiting(reason: unknown): void {
    for (const waiter of this.queue.drain()) waiter.fail(reason);
  }

  /** Grants slots while the limit and the pause allow. */
  private pump(): void {
    const pause = this.pauseRemainingMs;
    if (pause > 0) {
      this.resumeTimer ??= setTimeout(() => {
        this.resumeTimer = undefined;
        this.pump();
      }, pause);
      return;
    }
    if (this.shared !== undefined && this.shared.mode === "shared") return this.pumpShared();
    while (this.active < this.adaptive.current) {
      const waiter = this.queue.shift();
      if (waiter === undefined) return;
      this.active += 1;
      waiter.grant(this.permit(undefined));
    }
  }

  /**
   * Shared: a free local slot is granted only with a cluster lease. Each free slot (up to the number
   * waiting) sends one lease request; whoever heads the local queue when a lease comes back gets it,
   * so fairness stays local and a waiter that left meanwhile holds nothing in Redis. The lease limit
   * is the adaptive limit, which has adopted any lower limit another instance published.
   */
  private pumpShared(): void {
    const shared = this.shared!;
    while (!this.clusterFull && this.active + this.leasing < this.adaptive.current && this.leasing < this.queue.size) {
      this.leasing += 1;
      void shared.lease(() => this.adaptive.current).then((lease) => this.leased(lease));
    }
  }

  private leased(lease: Lease | null | "local"): void {
    this.leasing -= 1;
    if (lease === null) return this.waitForClusterSlot();
    const held = lease === "local" ? undefined : lease;
    // While the request was out: a pause began, the limit fell, or every waiter left.
    if (this.pauseRemainingMs > 0 || this.active >= this.adaptive.current || this.queue.size === 0) {
      held?.release();
      return this.pump();
    }
    this.active += 1;
    this.queue.shift()!.grant(this.permit(held));
    this.pump();
  }

  private waitForClusterSlot(): void {
    this.clusterFull = true;
    this.pollTimer ??= setTimeout(
      () => {
        this.pollTimer = undefined;
        this.clusterFull = false;
        this.pump();
      },
      CLUSTER_POLL_MS + Math.random() * CLUSTER_POLL_MS,
    );
  }

  private permit(lease: Lease | undefined): Permit {
    const window = this.adaptive.window;
    let released = false;
    return {
      release: (feedback) => {
        if (released) return;
        released = true;
        this.active -= 1;
        if (lease !== undefined) {
          lease.release();
          // The slot just freed is ours to ask for: the release goes out first on the same connection.
          this.clusterFull = false;
        }
        if (feedback.kind === "ok") this.adaptive.succeeded();
        if (feedback.kind === "rate-limited") this.rateLimited(window, feedback.retryAfterMs);
        this.pump();
      },
    };
  }

  private rateLimited(window: number, retryAfterMs: number | null): void {
    const shared = this.shared?.mode === "shared" ? this.shared : undefined;
    // What the account holds is what every instance has in flight, not this one: shared, the limit
    // halves now and is capped when Redis has said how many leases are held (the window stamp keeps
    // that second call from halving again).
    this.lowered(() => this.adaptive.rateLimited(window, shared === undefined ? this.active : Number.POSITIVE_INFINITY));
    void shared?.leasesHeld().then((held) => {
      if (held !== null) this.lowered(() => this.adaptive.rateLimited(window, held));
    });
    if (retryAfterMs === null) return;
    const pauseMs = Math.min(retryAfterMs, MAX_PAUSE_MS);
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + pauseMs);
    this.shared?.publishPause(pauseMs);
  }

  /** Applies a decrease and tells the other instances if the limit in force fell. */
  private lowered(decrease: () => void): void {
    const before = this.adaptive.current;
    decrease();
    if (this.adaptive.current < before) this.shared?.publishLimit(this.adaptive.current);
  }

  /**
   * Stops the timers (shutdown). Waiters are not failed here: their signals end them. The shared state
   * is closed by its owner once the attempts in flight are done, so their leases are given back.
   */
  close(): void {
    clearTimeout(this.resumeTimer);
    this.resumeTimer = undefined;
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
  }
}
