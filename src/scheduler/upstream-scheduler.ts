import { AdaptiveLimit } from "./adaptive-limit.js";
import { FairQueue, type Priority, type Waiter } from "./fair-queue.js";

/** Who an attempt is for; one ticket per check, reused for its retries. */
export interface Ticket {
  /** API key id; every unauthenticated caller is one caller. */
  readonly caller: string;
  /** The GraphQL request or job: compared by identity. */
  readonly group: object;
  readonly priority: Priority;
  /** Aborted when the client left, the request's deadline passed, or the server is stopping. */
  readonly signal: AbortSignal;
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
}

/** A Retry-After longer than this is not believed in full: checks' deadlines are shorter anyway. */
const MAX_PAUSE_MS = 30_000;

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
 * the checker's business; the scheduler holds no timers but the one for the pause.
 */
export class UpstreamScheduler {
  private readonly queue = new FairQueue<QueuedAttempt>();
  private readonly adaptive: AdaptiveLimit;
  private readonly now: () => number;
  private active = 0;
  private pausedUntil = 0;
  private resumeTimer: NodeJS.Timeout | undefined;

  constructor(options: SchedulerOptions) {
    this.now = options.now ?? Date.now;
    this.adaptive = new AdaptiveLimit({ ceiling: options.ceiling, now: this.now });
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
    return new Promise<Permit>((resolve, reject) => {
      const onAbort = () => {
        if (this.queue.remove(waiter)) reject(ticket.signal.reason);
      };
      const waiter: QueuedAttempt = {
        caller: ticket.caller,
        group: ticket.group,
        priority: ticket.priority,
        grant: (permit) => {
          ticket.signal.removeEventListener("abort", onAbort);
          resolve(permit);
        },
        fail: (reason) => {
          ticket.signal.removeEventListener("abort", onAbort);
          reject(reason);
        },
      };
      ticket.signal.addEventListener("abort", onAbort, { once: true });
      this.queue.push(waiter, retry);
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
    while (this.active < this.adaptive.current) {
      const waiter = this.queue.shift();
      if (waiter === undefined) return;
      this.active += 1;
      waiter.grant(this.permit());
    }
  }

  private permit(): Permit {
    const window = this.adaptive.window;
    let released = false;
    return {
      release: (feedback) => {
        if (released) return;
        released = true;
        this.active -= 1;
        if (feedback.kind === "ok") this.adaptive.succeeded();
        if (feedback.kind === "rate-limited") {
          this.adaptive.rateLimited(window, this.active);
          if (feedback.retryAfterMs !== null) this.pausedUntil = Math.max(this.pausedUntil, this.now() + Math.min(feedback.retryAfterMs, MAX_PAUSE_MS));
        }
        this.pump();
      },
    };
  }

  /** Stops the pause timer (shutdown). Waiters are not failed here: their signals end them. */
  close(): void {
    clearTimeout(this.resumeTimer);
    this.resumeTimer = undefined;
  }
}
