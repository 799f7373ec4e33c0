import { Pool, type Dispatcher } from "undici";
import type { Logger } from "pino";
import { CheckErrorCode } from "../domain/check-error-code.js";
import { onAbort, type StopSignal } from "../scheduler/stop-signal.js";
import { classifyResponse, type AttemptOutcome } from "./attempt-outcome.js";
import { checkFailure } from "./check-failure.js";
import { SILENT_OBSERVER, type AttemptStatus, type UpstreamObserver } from "./upstream-observer.js";
import { UpstreamExchange } from "./upstream-exchange.js";

/** Where checks go and as whom: real Twilio, the embedded sandbox, or a test's stub. Declared once. */
export interface UpstreamTarget {
  /** Origin of the Numbers API: https://numbers.twilio.com, or the sandbox. */
  readonly baseUrl: string;
  /** The account checks are made for: Twilio's target when the caller gives none. */
  readonly accountSid: string;
  /** Account SID, or API key SID. */
  readonly username: string;
  /** Auth token, or API key secret. Never logged. */
  readonly password: string;
  /** Tests and benchmarks pass their own transport; by default a keep-alive pool sized to the cap. */
  readonly dispatcher?: Dispatcher;
}

/** What one check asks. `phoneNumber` as the caller gave it; the checker validates it. */
export interface CheckRequest {
  readonly phoneNumber: string;
  readonly targetAccountSid: string | null;
  readonly addressSid: string | null;
  /** ISO 3166-1 alpha-2 country a number not in E.164 is read for (e164.ts); null or absent: E.164 only. */
  readonly defaultCountry?: string | null;
  /** The oldest cached verdict the caller accepts, in seconds (0: ask Twilio now); null or absent: the cache's TTL. */
  readonly maxAgeSeconds?: number | null;
}

export interface TwilioPortabilityClientOptions {
  readonly target: UpstreamTarget;
  /** Sizes the connection pool: the scheduler never has more in flight. */
  readonly connections: number;
  /** Bounds headers and body of one attempt; the checker's deadline is usually shorter. */
  readonly timeoutMs: number;
  readonly observer?: UpstreamObserver;
  /** Transport failures (refused, reset, DNS) are logged here, at most once per TRANSPORT_LOG_EVERY_MS per code. */
  readonly logger?: Logger;
}

const PORTABILITY_PATH = "/v1/Porting/Portability/PhoneNumber/";
/** A portability body is a few hundred bytes; anything near this is not Twilio talking. */
const MAX_RESPONSE_BYTES = 64 * 1024;
const TRANSPORT_LOG_EVERY_MS = 10_000;

/**
 * One HTTP attempt at Twilio's Porting Portability endpoint: path, auth, transport, and the status →
 * outcome step (attempt-outcome.ts). Retries, deadlines, fairness and the concurrency limit belong
 * to the checker and the scheduler in front of it. `attempt` never rejects.
 */
export class TwilioPortabilityClient {
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly headers: Record<string, string>;
  private readonly observer: UpstreamObserver;
  private readonly origin: string;
  private readonly lastTransportLog = new Map<string, number>();

  constructor(private readonly options: TwilioPortabilityClientOptions) {
    const { target } = options;
    this.origin = target.baseUrl;
    this.ownsDispatcher = target.dispatcher === undefined;
    this.dispatcher =
      target.dispatcher ??
      new Pool(target.baseUrl, {
        connections: options.connections,
        // undici's defaults wait 300 s for headers and body; an attempt never waits longer than a check may.
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        connect: { timeout: Math.min(options.timeoutMs, 10_000) },
        keepAliveTimeout: 30_000,
        maxResponseSize: MAX_RESPONSE_BYTES,
      });
    const credentials = Buffer.from(`${target.username}:${target.password}`).toString("base64");
    this.headers = { authorization: `Basic ${credentials}`, accept: "application/json" };
    this.observer = options.observer ?? SILENT_OBSERVER;
  }

  /** The number is validated E.164 and still encoded: nothing a caller types can reach the path or query. */
  pathFor(phoneNumber: string, request: CheckRequest): string {
    if (request.targetAccountSid === null && request.addressSid === null) return `${PORTABILITY_PATH}${encodeURIComponent(phoneNumber)}`;
    const query = new URLSearchParams();
    if (request.targetAccountSid !== null) query.set("TargetAccountSid", request.targetAccountSid);
    if (request.addressSid !== null) query.set("AddressSid", request.addressSid);
    const search = query.size > 0 ? `?${query.toString()}` : "";
    return `${PORTABILITY_PATH}${encodeURIComponent(phoneNumber)}${search}`;
  }

  /**
   * One GET, ended by `deadline` (epoch ms) or by `signal`. An abort by `signal` is reported as
   * `{ kind: "stopped" }`: the caller knows why it stopped and words the result.
   */
  async attempt(path: string, phoneNumber: string, deadline: number, signal: StopSignal): Promise<AttemptOutcome | { readonly kind: "stopped" }> {
    const started = performance.now();
    let status: AttemptStatus = "network";
    const exchange = UpstreamExchange.send(this.dispatcher, { origin: this.origin, path, method: "GET", headers: this.headers });
    const unsubscribe = onAbort(signal, exchange.stop);
    const timer = setTimeout(exchange.stop, Math.max(0, deadline - Date.now()));
    try {
      const response = await exchange.done;
      status = response.status;
      return classifyResponse(response, phoneNumber);
    } catch (error) {
      if (signal.aborted) {
        status = "aborted";
        return { kind: "stopped" };
      }
      const code = (error as { code?: unknown }).code;
      const timedOut = exchange.wasStopped || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT";
      if (timedOut) status = "timeout";
      else this.logTransportFailure(code);
      return transportOutcome(code, timedOut, phoneNumber);
    } finally {
      clearTimeout(timer);
      unsubscribe();
      this.observer.attempt(status, (performance.now() - started) / 1000);
    }
  }

  /** Waits for requests in flight, then closes the pool. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  /** Aborts requests in flight and closes the pool at once. */
  async destroy(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.destroy();
  }

  /**
   * A check that cannot reach Twilio says only UPSTREAM_UNAVAILABLE to its caller; the operator needs
   * the why (ECONNREFUSED, ENOTFOUND) and the host. Never the path (it holds the number) or a header.
   */
  private logTransportFailure(code: unknown): void {
    const logger = this.options.logger;
    if (logger === undefined) return;
    const key = typeof code === "string" && /^[A-Z0-9_]{1,40}$/.test(code) ? code : "UNKNOWN";
    const now = Date.now();
    if (now - (this.lastTransportLog.get(key) ?? 0) < TRANSPORT_LOG_EVERY_MS) return;
    this.lastTransportLog.set(key, now);
    logger.warn({ code: key, host: new URL(this.origin).host }, "cannot reach Twilio's Numbers API");
  }
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
