import { CheckErrorCode } from "../domain/check-error-code.js";
import type { CheckResult } from "../domain/check-result.js";
import type { AttemptOutcome } from "../datasources/attempt-outcome.js";
import { checkFailure } from "../datasources/check-failure.js";
import { toE164 } from "../datasources/e164.js";
import { invalidPhoneNumberAnswer } from "../datasources/portability.mapper.js";
import { retryDelayMs } from "../datasources/retry-delay.js";
import type { CheckRequest, TwilioPortabilityClient } from "../datasources/twilio-portability-client.js";
import { SILENT_OBSERVER, type UpstreamObserver } from "../datasources/upstream-observer.js";
import type { Feedback, Ticket, UpstreamScheduler } from "../scheduler/upstream-scheduler.js";
import type { VerdictCache, VerdictKey } from "../cache/verdict-cache.js";
import type { OutageBreaker } from "./outage-breaker.js";
import { onAbort, pause } from "../scheduler/stop-signal.js";
import { CODE_FOR_STOP, stopReasonOf } from "./stop-reason.js";

/** How hard one check tries. Declared once: config.upstream is this shape. */
export interface CheckPolicy {
  /** Bounds one check from its first attempt: every attempt and wait together. */
  readonly timeoutMs: number;
  /** Retries after a 5xx, a reset or a 22135. */
  readonly maxRetries: number;
  /**
   * Retries after a 429 / 20429, counted apart: a 429 says the account, not this number, is over its
   * limit, and the scheduler has already shrunk the limit, so the retry is likely to pass.
   */
  readonly maxRateLimitRetries: number;
  readonly retryBaseMs: number;
}

export interface PortabilityChecker {
  /** Never rejects: every way a check can end is a CheckResult. */
  check(request: CheckRequest, ticket: Ticket): Promise<CheckResult>;
}

interface CheckerParts {
  /** The account checks are made for: part of every cache key, so accounts never share verdicts. */
  readonly accountSid: string;
  readonly cache: VerdictCache;
  /** CACHE_TTL_SECONDS in ms: the oldest verdict served when the caller gives no maxAge. */
  readonly cacheTtlMs: number;
  readonly client: TwilioPortabilityClient;
  readonly scheduler: UpstreamScheduler;
  readonly breaker: OutageBreaker;
  readonly policy: CheckPolicy;
  readonly observer?: UpstreamObserver;
  readonly random?: () => number;
}

/**
 * One check, as a straight pipeline: validate the number → the verdict cache → join a call already in
 * flight for it → breaker → (wait for a slot → attempt → release the slot with what was learned →
 * decide) until an answer, no retry left, or a stop → remember the verdict.
 */
export class TwilioPortabilityChecker implements PortabilityChecker {
  private readonly observer: UpstreamObserver;
  private readonly random: () => number;
  /**
   * Upstream calls in flight by (target, address, number): a request asking for a number another
   * request is checking right now waits for that answer instead of asking Twilio again.
   */
  private readonly flights = new Map<string, Promise<CheckResult>>();

  constructor(private readonly parts: CheckerParts) {
    this.observer = parts.observer ?? SILENT_OBSERVER;
    this.random = parts.random ?? Math.random;
  }

  async check(request: CheckRequest, ticket: Ticket): Promise<CheckResult> {
    const phoneNumber = toE164(request.phoneNumber, request.defaultCountry ?? null);
    const result = phoneNumber === null ? invalidPhoneNumberAnswer(request.phoneNumber, Date.now()) : await this.verdict(phoneNumber, request, ticket);
    this.observer.result(result);
    return result;
  }

  private async verdict(phoneNumber: string, request: CheckRequest, ticket: Ticket): Promise<CheckResult> {
    const { cache, cacheTtlMs, accountSid } = this.parts;
    const key: VerdictKey = { accountSid, targetAccountSid: request.targetAccountSid, addressSid: request.addressSid, phoneNumber };
    const maxAgeMs = Math.min(cacheTtlMs, (request.maxAgeSeconds ?? Number.POSITIVE_INFINITY) * 1000);
    if (maxAgeMs > 0) {
      const cached = await cache.get(key, maxAgeMs);
      this.observer.cache(cached === null ? "miss" : "hit");
      if (cached !== null) return cached.answer;
    }
    const flightKey = `${request.targetAccountSid ?? ""}|${request.addressSid ?? ""}|${phoneNumber}`;
    const flight = this.flights.get(flightKey);
    if (flight !== undefined) {
      const joined = await this.join(flight, phoneNumber, ticket);
      if (joined !== null) return joined;
    }
    const own = this.guarded(phoneNumber, request, ticket);
    this.flights.set(flightKey, own);
    const result = await own;
    // Awaited so that a client asking another instance right after this answer finds it there. A
    // cache write never throws, and a down or slow Redis bounds it at its command timeout.
    if (result.__typename === "Portability" && cacheTtlMs > 0) await cache.set(key, { answer: result, checkedAt: result.checkedAt });
    // Only now: until the cache holds the verdict, a new ask should join this call, not make another.
    if (this.flights.get(flightKey) === own) this.flights.delete(flightKey);
    return result;
  }

  /**
   * The answer of the call another request already has in flight for the number, or null to ask on
   * our own: when it ended in a failure (its request may have been stopped; a failure
   * is never shared), or when this check's own request stops first.
   */
  private async join(flight: Promise<CheckResult>, phoneNumber: string, ticket: Ticket): Promise<CheckResult | null> {
    this.observer.joined();
    let unsubscribe: () => void = () => {};
    const stopped = new Promise<CheckResult>((resolve) => {
      unsubscribe = onAbort(ticket.signal, () => resolve(checkFailure(CODE_FOR_STOP[stopReasonOf(ticket.signal.reason)], phoneNumber, null)));
    });
    const result = await Promise.race([flight, stopped]);
    unsubscribe();
    if (result.__typename === "Portability") return result;
    return ticket.signal.aborted ? result : null;
  }

  /** An open breaker answers at once, without queueing behind an upstream that is down. */
  private async guarded(phoneNumber: string, request: CheckRequest, ticket: Ticket): Promise<CheckResult> {
    const key = `${request.targetAccountSid ?? ""}|${request.addressSid ?? ""}|${phoneNumber}`;
    const guarded = await this.parts.breaker.run(key, () => this.attempts(phoneNumber, request, ticket));
    return guarded?.value ?? checkFailure(CheckErrorCode.UPSTREAM_UNAVAILABLE, phoneNumber, null);
  }

  private async attempts(phoneNumber: string, request: CheckRequest, ticket: Ticket): Promise<{ value: CheckResult; outage: boolean }> {
    const { client, scheduler, policy } = this.parts;
    const path = client.pathFor(phoneNumber, request);
    const stopped = () => ({ value: checkFailure(CODE_FOR_STOP[stopReasonOf(ticket.signal.reason)], phoneNumber, null), outage: false });
    // The deadline starts with the first attempt, not on entering the queue: a large batch waiting
    // for slots must not time out numbers that were never sent. The request's own deadline (its
    // signal) bounds the waiting.
    let deadline: number | undefined;
    let retries = 0;
    let rateLimitRetries = 0;
    for (;;) {
      let permit;
      try {
        permit = await scheduler.acquire(ticket, deadline !== undefined);
      } catch {
        // Aborted (deadline, shutdown, client gone) or failed by an opening breaker.
        return ticket.signal.aborted ? stopped() : { value: checkFailure(CheckErrorCode.UPSTREAM_UNAVAILABLE, phoneNumber, null), outage: false };
      }
      deadline ??= Date.now() + policy.timeoutMs;
      const outcome = await client.attempt(path, phoneNumber, deadline, ticket.signal);
      permit.release(feedbackFor(outcome));
      if (outcome.kind === "stopped") return stopped();
      if (outcome.kind === "final") return { value: outcome.result, outage: isOutage(outcome.result) };

      const rateLimited = isRateLimited(outcome.result);
      const retry = rateLimited ? ++rateLimitRetries : ++retries;
      const delay = retryDelayMs(retry, outcome.retryAfterMs, { baseMs: policy.retryBaseMs, random: this.random });
      const noneLeft = retry > (rateLimited ? policy.maxRateLimitRetries : policy.maxRetries);
      if (noneLeft || Date.now() + delay >= deadline) return { value: outcome.result, outage: isOutage(outcome.result) };
      this.observer.retry();
      try {
        await pause(delay, ticket.signal);
      } catch {
        return stopped();
      }
    }
  }
}

/** What an attempt tells the scheduler about the account's limit. */
function feedbackFor(outcome: AttemptOutcome | { readonly kind: "stopped" }): Feedback {
  if (outcome.kind === "stopped") return { kind: "neutral" };
  if (isRateLimited(outcome.result)) return { kind: "rate-limited", retryAfterMs: outcome.kind === "transient" ? outcome.retryAfterMs : null };
  if (outcome.result.__typename === "Portability") return { kind: "ok" };
  return { kind: "neutral" };
}

function isRateLimited(result: CheckResult): boolean {
  return result.__typename === "PortabilityCheckError" && result.code === CheckErrorCode.UPSTREAM_RATE_LIMITED;
}

/** An upstream that is down or not answering; rate limits and bad answers are not outages. */
function isOutage(result: CheckResult): boolean {
  return (
    result.__typename === "PortabilityCheckError" &&
    (result.code === CheckErrorCode.UPSTREAM_UNAVAILABLE || result.code === CheckErrorCode.UPSTREAM_TIMEOUT)
  );
}
