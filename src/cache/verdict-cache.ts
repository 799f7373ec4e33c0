import type { PortabilityAnswer } from "../domain/check-result.js";

/** What one verdict is a verdict of: the same number asked for another account, target or address is another question. */
export interface VerdictKey {
  /** The account checks are made for (this service's own). */
  readonly accountSid: string;
  readonly targetAccountSid: string | null;
  readonly addressSid: string | null;
  /** E.164; a key with anything else is never cached. */
  readonly phoneNumber: string;
}

export interface CachedVerdict {
  readonly answer: PortabilityAnswer;
  /** Epoch ms when Twilio gave the answer: ages and TTLs count from here, not from when it was stored. */
  readonly checkedAt: number;
}

/**
 * Verdicts across requests (and, on Redis, across instances). A cache is an optimisation, never a
 * dependency: neither method throws, a store that is down is a miss, and what must not be served
 * again (see isCacheable) is never stored.
 */
export interface VerdictCache {
  /** Null when absent, unreadable, or older than `maxAgeMs` at `now` (default: Date.now()). */
  get(key: VerdictKey, maxAgeMs: number, now?: number): Promise<CachedVerdict | null>;
  set(key: VerdictKey, verdict: CachedVerdict): Promise<void>;
}

/** Not older than `maxAgeMs`. A verdict from a clock slightly ahead (another instance) counts as new. */
export function isFresh(verdict: CachedVerdict, maxAgeMs: number, now: number): boolean {
  return now - verdict.checkedAt <= maxAgeMs;
}
