import type { Logger } from "pino";
import type { Config } from "../config/config.js";
import { createVerdictCache } from "../cache/create-verdict-cache.js";
import type { VerdictCache } from "../cache/verdict-cache.js";
import { TwilioPortabilityClient, type UpstreamTarget } from "../datasources/twilio-portability-client.js";
import { SILENT_OBSERVER, type BreakerState, type UpstreamObserver } from "../datasources/upstream-observer.js";
import { DEFAULT_HOLD_MS } from "../scheduler/adaptive-limit.js";
import { SharedState, type SharedStore } from "../scheduler/shared-state.js";
import { SchedulerRejectedError, UpstreamScheduler } from "../scheduler/upstream-scheduler.js";
import { OutageBreaker } from "./outage-breaker.js";
import { TwilioPortabilityChecker, type PortabilityChecker } from "./portability-checker.js";

export interface CheckerOptions {
  readonly observer?: UpstreamObserver;
  readonly logger?: Logger;
  /** Jitter source for retry delays; tests pin it. */
  readonly random?: () => number;
  /** The verdict cache (shared on Redis when the server has one); by default this process's LRU from config.cache. */
  readonly cache?: VerdictCache;
  /**
   * With Redis: UPSTREAM_CONCURRENCY, the adaptive limit and the Retry-After pause hold for every
   * instance on this Redis, prefix and Twilio account together. Without: for this process alone.
   */
  readonly redis?: SharedStore;
}

/** A lease outlives the longest attempt (one check's timeout) by this, then a dead instance's slot comes back. */
const LEASE_MARGIN_MS = 2_000;

/** Everything between "check this number" and Twilio, built once per process and shared by all callers. */
export interface Checker extends PortabilityChecker {
  readonly scheduler: UpstreamScheduler;
  readonly breakerState: BreakerState;
  /** Waits for requests in flight, then closes the connection pool. */
  close(): Promise<void>;
  /** Aborts requests in flight and closes the pool at once. */
  destroy(): Promise<void>;
}

/**
 * The one way to build a checker: the server, the tests, the bench (and next a worker and a CLI)
 * call this, so none of them wires a client, a scheduler and a breaker by hand.
 */
export function createChecker(config: Pick<Config, "upstream" | "breaker" | "cache">, upstream: UpstreamTarget, options: CheckerOptions = {}): Checker {
  const observer = options.observer ?? SILENT_OBSERVER;
  const shared =
    options.redis === undefined
      ? undefined
      : new SharedState({
          store: options.redis,
          accountSid: upstream.accountSid,
          leaseMs: config.upstream.timeoutMs + LEASE_MARGIN_MS,
          limitTtlMs: DEFAULT_HOLD_MS,
        });
  const scheduler = new UpstreamScheduler({ ceiling: config.upstream.concurrency, shared });
  const client = new TwilioPortabilityClient({
    target: upstream,
    connections: config.upstream.concurrency,
    timeoutMs: config.upstream.timeoutMs,
    observer,
    logger: options.logger,
  });
  const breaker = new OutageBreaker(config.breaker, (state) => observer.breakerState(state));
  // Attempts queued behind an upstream that just went down would each wait for a slot only to fail.
  breaker.onOpen(() => scheduler.rejectWaiting(new SchedulerRejectedError("upstream circuit open")));
  const checker = new TwilioPortabilityChecker({
    accountSid: upstream.accountSid,
    cache: options.cache ?? createVerdictCache(config.cache, null),
    cacheTtlMs: config.cache.ttlSeconds * 1000,
    client,
    scheduler,
    breaker,
    policy: config.upstream,
    observer,
    random: options.random,
  });
  return {
    scheduler,
    get breakerState() {
      return breaker.state;
    },
    check: (request, ticket) => checker.check(request, ticket),
    async close() {
      scheduler.close();
      await client.close();
      // After the pool: the attempts that were still out have released their leases by now.
      shared?.close();
    },
    async destroy() {
      scheduler.close();
      await client.destroy();
      shared?.close();
    },
  };
}
