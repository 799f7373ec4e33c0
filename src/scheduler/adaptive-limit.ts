export interface AdaptiveLimitOptions {
  /** UPSTREAM_CONCURRENCY: the limit never grows past it. */
  readonly ceiling: number;
  /** Where the limit starts; the ceiling by default (an account with room loses nothing). */
  readonly initial?: number;
  /** Multiplier applied on a rate-limit signal. */
  readonly backoff?: number;
}

/**
 * How many upstream requests may be in flight, adapted to what Twilio accepts: additive increase,
 * multiplicative decrease (AIMD, as TCP does). Twilio limits concurrent requests per account and
 * says so with 429 / 20429, and operators rarely know the number: a configured cap above it would
 * otherwise turn into a stream of 429s.
 *
 * - A 429 halves the limit, at most once per "window": only for attempts granted after the last
 *   decrease, so the burst of 429s that one overshoot produces counts once, not thirty times.
 * - Every good answer adds 1/limit, so a whole window of good answers adds one slot.
 *
 * Why our own: the kept libraries have fixed bulkheads (cockatiel) or rate windows
 * (rate-limiter-flexible); adaptive-concurrency packages for Node are unmaintained. This is the
 * 30-line textbook rule, tested on its own.
 */
export class AdaptiveLimit {
  private value: number;
  private epoch = 0;
  private readonly ceiling: number;
  private readonly backoff: number;

  constructor(options: AdaptiveLimitOptions) {
    this.ceiling = options.ceiling;
    this.value = Math.min(options.initial ?? options.ceiling, options.ceiling);
    this.backoff = options.backoff ?? 0.5;
  }

  /** Slots usable now: a whole number between 1 and the ceiling. */
  get current(): number {
    return Math.max(1, Math.floor(this.value));
  }

  /** Stamp of the current window; a grant keeps it so its feedback can be placed in time. */
  get window(): number {
    return this.epoch;
  }

  /** The account said "too many": shrink, unless an earlier 429 of the same window already did. */
  rateLimited(grantedInWindow: number): void {
    if (grantedInWindow < this.epoch) return;
    this.value = Math.max(1, this.value * this.backoff);
    this.epoch += 1;
  }

  succeeded(): void {
    this.value = Math.min(this.ceiling, this.value + 1 / Math.max(1, this.value));
  }
}
