import {
  BrokenCircuitError,
  bulkhead,
  CircuitState,
  circuitBreaker,
  ConsecutiveBreaker,
  handleWhenResult,
  retry,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
  type RetryPolicy,
} from "cockatiel";
import { Pool, type Dispatcher } from "undici";
import { CheckErrorCode } from "../domain/check-error-code.js";
import type { CheckResult } from "../domain/check-result.js";
import { classifyResponse, type AttemptOutcome } from "./attempt-outcome.js";
import { checkFailure } from "./check-failure.js";
import { toE164 } from "./e164.js";
import { invalidPhoneNumberAnswer } from "./portability.mapper.js";
import { DecidedBackoff, retryDelayMs, type DecidedDelay } from "./retry-delay.js";
import { SILENT_OBSERVER, type AttemptStatus, type BreakerState, type UpstreamObserver } from "./upstream-observer.js";

export interface TwilioPortabilityClientOptions {
  /** Origin of the Numbers API: https://numbers.twilio.com, or the sandbox. */
  readonly baseUrl: string;
  /** Account SID, or API key SID. */
  readonly username: string;
  /** Auth token, or API key secret. */
  readonly password: string;
  /** Bounds one check, all attempts and waits together. */
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly retryBaseMs: number;
  /** In-flight upstream requests across the whole process. */
  readonly concurrency: number;
  /** Checks in a row ending UNAVAILABLE/TIMEOUT that open the breaker, and when it probes again. */
  readonly breaker?: { readonly failureThreshold: number; readonly halfOpenAfterMs: number };
  readonly observer?: UpstreamObserver;
  /** Tests and benchmarks pass their own transport; by default a keep-alive pool sized to `concurrency`. */
  readonly dispatcher?: Dispatcher;
  readonly random?: () => number;
}

export interface CheckRequest {
  readonly phoneNumber: string;
  readonly targetAccountSid: string | null;
  readonly addressSid: string | null;
}

/** One attempt's outcome plus the retry decision made with it (see DecidedBackoff). */
interface Step extends DecidedDelay {
  readonly outcome: AttemptOutcome;
}

const DEFAULT_BREAKER = { failureThreshold: 5, halfOpenAfterMs: 10_000 };
const PORTABILITY_PATH = "/v1/Porting/Portability/PhoneNumber/";
/** A portability body is a few hundred bytes; anything near this is not Twilio talking. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Twilio's Porting Portability endpoint for one number at a time, with the retries, deadline and
 * process-wide concurrency cap that Twilio's lack of a batch endpoint makes this layer's job.
 * `check` never rejects: every way a check can end is a CheckResult.
 */
export class TwilioPortabilityClient {
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly headers: Record<string, string>;
  private readonly slots: BulkheadPolicy;
  private readonly retries: RetryPolicy;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly random: () => number;
  private readonly observer: UpstreamObserver;

  constructor(private readonly options: TwilioPortabilityClientOptions) {
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher =
      options.dispatcher ??
      new Pool(options.baseUrl, {
        connections: options.concurrency,
        // undici's defaults wait 300 s for headers and body; a check never waits longer than its deadline.
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        connect: { timeout: Math.min(options.timeoutMs, 10_000) },
        keepAliveTimeout: 30_000,
        maxResponseSize: MAX_RESPONSE_BYTES,
      });
    const credentials = Buffer.from(`${options.username}:${options.password}`).toString("base64");
    this.headers = { authorization: `Basic ${credentials}`, accept: "application/json" };
    // One bulkhead for the process: concurrent GraphQL requests share it, so they cannot multiply the cap.
    this.slots = bulkhead(options.concurrency, Number.POSITIVE_INFINITY);
    this.retries = retry(
      handleWhenResult((step) => (step as Step).nextDelayMs !== null),
      { maxAttempts: options.maxRetries, backoff: new DecidedBackoff() },
    );
    this.random = options.random ?? Math.random;
    this.observer = options.observer ?? SILENT_OBSERVER;
    this.retries.onRetry(() => this.observer.retry());
    // The breaker sees whole checks, after their retries: at a 30 % attempt fault rate a check still
    // almost always ends well, so only an upstream that is really down trips it.
    const breaker = options.breaker ?? DEFAULT_BREAKER;
    this.breaker = circuitBreaker(
      handleWhenResult((result) => isOutage(result as CheckResult)),
      { halfOpenAfter: breaker.halfOpenAfterMs, breaker: new ConsecutiveBreaker(breaker.failureThreshold) },
    );
    this.breaker.onStateChange((state) => this.observer.breakerState(BREAKER_STATES[state]));
  }

  get breakerState(): BreakerState {
    return BREAKER_STATES[this.breaker.state];
  }

  /** Upstream requests in flight right now. */
  get inFlight(): number {
    return this.options.concurrency - this.slots.executionSlots;
  }

  async check(request: CheckRequest): Promise<CheckResult> {
    const phoneNumber = toE164(request.phoneNumber);
    const result =
      phoneNumber === null ? invalidPhoneNumberAnswer(request.phoneNumber) : await this.checkThroughBreaker(phoneNumber, request);
    this.observer.result(result);
    return result;
  }

  private async checkThroughBreaker(phoneNumber: string, request: CheckRequest): Promise<CheckResult> {
    try {
      return await this.breaker.execute(() => this.checkWithRetries(phoneNumber, request));
    } catch (error) {
      // Open (or probing) breaker: fail fast instead of queueing behind an upstream that is down.
      if (error instanceof BrokenCircuitError) return checkFailure(CheckErrorCode.UPSTREAM_UNAVAILABLE, phoneNumber, null);
      throw error;
    }
  }

  private async checkWithRetries(phoneNumber: string, request: CheckRequest): Promise<CheckResult> {
    const path = this.pathFor(phoneNumber, request);
    // The deadline starts with the first attempt, not on entering the queue: a large batch waiting
    // for a slot must not time out numbers that were never sent.
    let deadline: number | undefined;
    const step = await this.retries.execute(({ attempt }) =>
      this.slots.execute(async (): Promise<Step> => {
        deadline ??= Date.now() + this.options.timeoutMs;
        const outcome = await this.attempt(path, phoneNumber, deadline);
        return { outcome, nextDelayMs: this.nextDelay(outcome, attempt + 1, deadline) };
      }),
    );
    return step.outcome.result;
  }

  /** Waits for requests in flight, then closes the pool. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  /** Aborts requests in flight and closes the pool at once. */
  async destroy(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.destroy();
  }

  /** The number is validated E.164 and still encoded: nothing a caller types can reach the path or query. */
  private pathFor(phoneNumber: string, request: CheckRequest): string {
    const query = new URLSearchParams();
    if (request.targetAccountSid !== null) query.set("TargetAccountSid", request.targetAccountSid);
    if (request.addressSid !== null) query.set("AddressSid", request.addressSid);
    const search = query.size > 0 ? `?${query.toString()}` : "";
    return `${PORTABILITY_PATH}${encodeURIComponent(phoneNumber)}${search}`;
  }

  /** The wait before retry number `retry`, or null when none is left or the wait would outlast the deadline. */
  private nextDelay(outcome: AttemptOutcome, retryNumber: number, deadline: number): number | null {
    if (outcome.kind !== "transient" || retryNumber > this.options.maxRetries) return null;
    const delay = retryDelayMs(retryNumber, outcome.retryAfterMs, { baseMs: this.options.retryBaseMs, random: this.random });
    return Date.now() + delay < deadline ? delay : null;
  }

  private async attempt(path: string, phoneNumber: string, deadline: number): Promise<AttemptOutcome> {
    const started = performance.now();
    let status: AttemptStatus = "network";
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), Math.max(0, deadline - Date.now()));
    try {
      const response = await this.dispatcher.request({
        origin: this.options.baseUrl,
        path,
        method: "GET",
        headers: this.headers,
        signal: abort.signal,
      });
      const body = await response.body.text();
      status = response.statusCode;
      const retryAfter = response.headers["retry-after"];
      return classifyResponse(
        { status: response.statusCode, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, body },
        phoneNumber,
      );
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const timedOut = abort.signal.aborted || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT";
      if (timedOut) status = "timeout";
      return transportOutcome(code, timedOut, phoneNumber);
    } finally {
      clearTimeout(timer);
      this.observer.attempt(status, (performance.now() - started) / 1000);
    }
  }
}

const BREAKER_STATES: Readonly<Record<CircuitState, BreakerState>> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "half-open",
  [CircuitState.Isolated]: "open",
};

/** An upstream that is down or not answering; rate limits and bad answers are not outages. */
function isOutage(result: CheckResult): boolean {
  return (
    result.__typename === "PortabilityCheckError" &&
    (result.code === CheckErrorCode.UPSTREAM_UNAVAILABLE || result.code === CheckErrorCode.UPSTREAM_TIMEOUT)
  );
}

/** A request that threw: out of time, an oversized body, or a connection that failed (worth another try). */
function transportOutcome(code: unknown, timedOut: boolean, phoneNumber: string): AttemptOutcome {
  if (timedOut) {
    return { kind: "final", result: checkFailure(CheckErrorCode.UPSTREAM_TIMEOUT, phoneNumber, null) };
  }
  if (code === "UND_ERR_RES_EXCEEDED_MAX_SIZE") {
    return { kind: "final", result: checkFailure(CheckErrorCode.UPSTREAM_ERROR, phoneNumber, null) };
  }
  return {
    kind: "transient",
    result: checkFailure(CheckErrorCode.UPSTREAM_UNAVAILABLE, phoneNumber, null),
    retryAfterMs: null,
  };
}
