export interface AdaptiveLimitOptions {
  /** UPSTREAM_CONCURRENCY: the limit never grows past it. */
  readonly ceiling: number;
  /** Where the limit starts; the ceiling by default (an account with room loses nothing). */
  readonly initial?: number;
  /** Multiplier applied on a rate-limit signal. */
  readonly backoff?: number;
  /** After a 429, how long the limit stays at or below where it settled before probing higher. */
  readonly holdMs?: number;
  readonly now?: () => number;
}

/** Long enough that probing past a known limit costs at most one Retry-After pause in several seconds. */
export const DEFAULT_HOLD_MS = 5_000;

/**
 * How many upstream requests may be in flight, adapted to what Twilio accepts: additive increase,
 * multiplicative decrease (AIMD, as TCP does). Twilio limits concurrent requests per account and
 * says so with 429 / 20429, and operators rarely know the number: a configured cap above it would
 * otherwise turn into a stream of 429s.
 *
 * - A 429 halves the limit, at most once per "window": only for attempts granted after the last
 *   decrease, so the burst of 429s that one overshoot produces counts once, not thirty times.
 * - Every 429 also caps the limit at the requests still in flight when it came back: those are what
 *   the account evidently holds. A cap of 100 over a real limit of 30 thus lands near 30 within one
 *   window instead of halving window after window (each one a Retry-After pause). The cap never
 *   takes a window below a quarter of where it started, so late 429s cannot collapse the limit.
 * - Every good answer adds 1/limit, so a whole window of good answers adds one slot — but for
 *   `holdMs` after a 429 not past where the limit settled: each probe over the account's limit costs
 *   a 429, and with Retry-After a pause for everyone, so it is made every few seconds, not every window.
 *
 * Why our own: the kept libraries have fixed bulkheads (cockatiel) or rate windows
 * (rate-limiter-flexible); adaptive-concurrency packages for Node are unmaintained. This is the
 * 30-line textbook rule, tested on its own.
 */
export class AdaptiveLimit {
  private value: number;
  private epoch = 0;
  private windowStart: number;
  private settled = Number.POSITIVE_INFINITY;
  private lastRateLimitedAt = Number.NEGATIVE_INFINITY;
  private readonly ceiling: number;
  private readonly backoff: number;
  private readonly holdMs: number;
  private readonly now: () => number;

  constructor(options: AdaptiveLimitOptions) {
    this.ceiling = options.ceiling;
    this.value = Math.min(options.initial ?? options.ceiling, options.ceiling);
    this.windowStart = this.value;
    this.backoff = options.backoff ?? 0.5;
    this.holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
    this.now = options.now ?? Date.now;
  }

  /** Slots usable now: a whole number between 1 and the ceiling. */
  get current(): number {
    return Math.max(1, Math.floor(this.value));
  }

  /** Stamp of the current window; a grant keeps it so its feedback can be placed in time. */
  get window(): number {
    return this.epoch;
  }

  /**
   * The account said "too many" while `inFlight` other requests were still out: halve, unless an
   * earlier 429 of the same window already did, and cap at `inFlight`.
   */
  rateLimited(grantedInWindow: number, inFlight: number = Number.POSITIVE_INFINITY): void {
    if (grantedInWindow >= this.epoch) {
      this.windowStart = this.value;
      this.value = Math.max(1, this.value * this.backoff);
      this.epoch += 1;
    }
    const floor = Math.max(1, this.windowStart * this.backoff * this.backoff);
    this.value = Math.max(floor, Math.min(this.value, inFlight));
    this.settled = Math.max(1, Math.floor(this.value));
    this.lastRateLimitedAt = this.now();
  }

  /**
   * Another instance on the same account settled at `limit` after its own 429: the account is the
   * same, so this one lowers to it and holds there as after a 429 of its own. A higher value is
   * ignored: growth stays each instance's own, earned by its good answers.
   */
  adopt(limit: number): void {
    if (limit >= this.current) return;
    this.value = Math.max(1, limit);
    this.windowStart = this.value;
    // Answers to attempts granted before adopting belong to the overshoot that was just counted.
    this.epoch += 1;
    this.settled = Math.floor(this.value);
    this.lastRateLimitedAt = this.now();
  }

  succeeded(): void {
    const holding = this.now() - this.lastRateLimitedAt < this.holdMs;
    const top = holding ? Math.min(this.ceiling, this.settled) : this.ceiling;
    if (this.value < top) this.value = Math.min(top, this.value + 1 / this.value);
  }
}
