import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { CheckResult } from "../domain/check-result.js";
import type { AttemptStatus, BreakerState, UpstreamObserver } from "../datasources/upstream-observer.js";

export interface Metrics {
  readonly registry: Registry;
  readonly upstream: UpstreamObserver;
  /** GraphQL requests by root field set and outcome (label values are bounded: see operationLabel). */
  readonly graphqlRequests: Counter<"operation" | "outcome">;
  /** Loads answered from the request's loader (a number asked twice in one request) instead of a new check. */
  readonly dedupeSaved: Counter;
  /** Reports the scheduler's in-flight, waiting, limit and pause when scraped. */
  trackScheduler(scheduler: SchedulerView): void;
  /** Reports whether shared state (Redis) is up when scraped; null health: memory mode. */
  trackSharedState(read: () => { readonly state: "ready" | "degraded" } | null): void;
}

/** What the metrics read of the upstream scheduler. */
export interface SchedulerView {
  readonly inFlight: number;
  readonly waiting: number;
  readonly limit: number;
  readonly pauseRemainingMs: number;
  /** With Redis: whether the cluster-wide slots are in use ("shared") or this instance fell back ("local"); null without Redis. */
  readonly sharedState?: "shared" | "local" | null;
}

const IDLE_SCHEDULER: SchedulerView = { inFlight: 0, waiting: 0, limit: 0, pauseRemainingMs: 0, sharedState: null };
const SHARED_SLOTS_VALUE = { shared: 1, local: 0 } as const;

const BREAKER_VALUE: Readonly<Record<BreakerState, number>> = { closed: 0, "half-open": 1, open: 2 };

/** One registry per app, so tests can run several apps in one process. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const upstreamRequests = new Counter({
    name: "portability_upstream_requests_total",
    help: "Requests sent to Twilio, by HTTP status (or timeout / network when there was no response).",
    labelNames: ["status"] as const,
    registers: [registry],
  });
  const upstreamLatency = new Histogram({
    name: "portability_upstream_request_duration_seconds",
    help: "Time of one request to Twilio, whatever its outcome.",
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const retries = new Counter({ name: "portability_upstream_retries_total", help: "Retried upstream requests.", registers: [registry] });
  const results = new Counter({
    name: "portability_results_total",
    help: "Check results: the Portability reason (or portable) or the PortabilityCheckError code.",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  const cacheLookups = new Counter({
    name: "portability_cache_lookups_total",
    help: "Verdict-cache lookups by outcome (hit: no upstream call).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const joined = new Counter({
    name: "portability_upstream_calls_joined_total",
    help: "Checks that shared an upstream call already in flight for the same number from another request.",
    registers: [registry],
  });
  const breaker = new Gauge({
    name: "portability_upstream_breaker_state",
    help: "Circuit breaker around Twilio: 0 closed, 1 half-open, 2 open.",
    registers: [registry],
  });
  breaker.set(0);
  let scheduler = IDLE_SCHEDULER;
  let readShared: () => { readonly state: "ready" | "degraded" } | null = () => null;
  new Gauge({
    name: "portability_shared_state_up",
    help: "Shared state on Redis: 1 ready, 0 degraded (checks answered from local state), -1 not configured (memory mode).",
    registers: [registry],
    collect() {
      const health = readShared();
      this.set(health === null ? -1 : health.state === "ready" ? 1 : 0);
    },
  });
  const schedulerGauge = (name: string, help: string, read: (view: SchedulerView) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(scheduler));
      },
    });
  schedulerGauge("portability_upstream_in_flight", "Requests to Twilio in flight now.", (view) => view.inFlight);
  schedulerGauge("portability_upstream_waiting", "Upstream attempts waiting for a slot in the fair queue.", (view) => view.waiting);
  schedulerGauge(
    "portability_upstream_concurrency_limit",
    "Requests to Twilio allowed in flight now: adapts below UPSTREAM_CONCURRENCY when Twilio answers 429.",
    (view) => view.limit,
  );
  schedulerGauge(
    "portability_upstream_shared_slots",
    "Cluster-wide upstream slots on Redis: 1 shared, 0 this instance fell back to its own cap, -1 no Redis configured.",
    (view) => (view.sharedState == null ? -1 : SHARED_SLOTS_VALUE[view.sharedState]),
  );
  schedulerGauge(
    "portability_upstream_pause_seconds",
    "Seconds left of an account-wide pause that Twilio asked for with Retry-After (0: none).",
    (view) => view.pauseRemainingMs / 1000,
  );

  return {
    registry,
    graphqlRequests: new Counter({
      name: "portability_graphql_requests_total",
      help: "GraphQL requests by operation (root fields) and outcome.",
      labelNames: ["operation", "outcome"] as const,
      registers: [registry],
    }),
    dedupeSaved: new Counter({
      name: "portability_upstream_calls_saved_total",
      help: "Checks answered by de-duplication within a request instead of an upstream call.",
      registers: [registry],
    }),
    upstream: {
      attempt(status: AttemptStatus, seconds: number) {
        upstreamRequests.inc({ status: String(status) });
        upstreamLatency.observe(seconds);
      },
      retry: () => retries.inc(),
      result: (result: CheckResult) => results.inc({ result: resultLabel(result) }),
      breakerState: (state: BreakerState) => breaker.set(BREAKER_VALUE[state]),
      cache: (outcome) => cacheLookups.inc({ outcome }),
      joined: () => joined.inc(),
    },
    trackScheduler(view) {
      scheduler = view;
    },
    trackSharedState(read) {
      readShared = read;
    },
  };
}

function resultLabel(result: CheckResult): string {
  if (result.__typename === "PortabilityCheckError") return result.code;
  return result.portable ? "PORTABLE" : (result.notPortableReason ?? "NOT_PORTABLE");
}
