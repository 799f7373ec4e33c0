import { BrokenCircuitError, CircuitState, circuitBreaker, handleWhenResult, SamplingBreaker, type CircuitBreakerPolicy } from "cockatiel";
import type { BreakerState } from "../datasources/upstream-observer.js";

export interface OutageBreakerOptions {
  /** Fraction of checks (0–1, exclusive) ending UNAVAILABLE/TIMEOUT over the window that opens it. */
  readonly failureRate: number;
  /** Checks needed in the window before it may open: a few failures at low traffic are not an outage. */
  readonly minChecks: number;
  readonly windowMs: number;
  readonly halfOpenAfterMs: number;
}

/** What a guarded check came to, and whether it says the upstream is down. */
export interface Guarded<T> {
  readonly value: T;
  readonly outage: boolean;
}

const BREAKER_STATES: Readonly<Record<CircuitState, BreakerState>> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "half-open",
  [CircuitState.Isolated]: "open",
};
/** Bounds the memory of numbers that already failed in the window. */
const MAX_REMEMBERED = 10_000;

/**
 * Decides "Twilio is down" from failures across many distinct numbers, never from one caller's
 * repeated number: cockatiel's SamplingBreaker (a failure rate with a minimum throughput) sees each
 * number's failure once per window; a number that already failed in the window is checked without
 * being counted again. Checks ended by us (deadline, shutdown, a disconnected client) are not outages.
 */
export class OutageBreaker {
  private readonly policy: CircuitBreakerPolicy;
  private readonly failedRecently = new Map<string, number>();

  constructor(
    private readonly options: OutageBreakerOptions,
    onStateChange: (state: BreakerState) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.policy = circuitBreaker(
      handleWhenResult((guarded) => (guarded as Guarded<unknown>).outage),
      {
        halfOpenAfter: options.halfOpenAfterMs,
        breaker: new SamplingBreaker({
          threshold: options.failureRate,
          duration: options.windowMs,
          minimumRps: options.minChecks / (options.windowMs / 1000),
        }),
      },
    );
    this.policy.onStateChange((state) => onStateChange(BREAKER_STATES[state]));
  }

  get state(): BreakerState {
    return BREAKER_STATES[this.policy.state];
  }

  /** Called once each time the breaker opens. */
  onOpen(listener: () => void): void {
    this.policy.onBreak(() => listener());
  }

  /** Runs `check` for `key`; null when the breaker is open (or probing with another check). */
  async run<T>(key: string, check: () => Promise<Guarded<T>>): Promise<Guarded<T> | null> {
    // Only a closed breaker lets a repeat through uncounted; open or probing, cockatiel decides.
    if (this.policy.state === CircuitState.Closed && this.countedAlready(key)) return this.remember(key, await check());
    try {
      return this.remember(key, await this.policy.execute(check));
    } catch (error) {
      if (error instanceof BrokenCircuitError) return null;
      throw error;
    }
  }

  private countedAlready(key: string): boolean {
    const until = this.failedRecently.get(key);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.failedRecently.delete(key);
    return false;
  }

  private remember<T>(key: string, guarded: Guarded<T>): Guarded<T> {
    if (!guarded.outage) return guarded;
    if (this.failedRecently.size >= MAX_REMEMBERED) this.failedRecently.delete(this.failedRecently.keys().next().value!);
    this.failedRecently.set(key, this.now() + this.options.windowMs);
    return guarded;
  }
}
