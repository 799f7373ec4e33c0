import type { Caller } from "../auth/api-key.js";
import type { CallerRateLimits } from "../auth/rate-limits.js";
import type { PortabilityChecker } from "../checker/portability-checker.js";
import { createPortabilityLoader } from "../datasources/portability.loader.js";
import type { Metrics } from "../observability/metrics.js";
import { admitChecks } from "./admission.js";
import type { RequestInfo } from "./http-app.js";
import type { StopSignal } from "../scheduler/stop-signal.js";
import type { RequestContext } from "./request-context.js";
import type { RequestRecord } from "./request-record.js";

export interface ContextFactoryOptions {
  readonly checker: PortabilityChecker;
  readonly metrics: Metrics;
  readonly rateLimits: CallerRateLimits;
  readonly maxBatchSize: number;
  readonly accountSid: string;
  /** UPSTREAM_CONCURRENCY: sizes how many checks one request keeps waiting at once. */
  readonly concurrency: number;
}

/** A fresh context per GraphQL request: its own loader (dedupe within, never across). */
export function createContextFactory(options: ContextFactoryOptions) {
  const onDeduplicated = () => options.metrics.dedupeSaved.inc();
  // Several times the upstream cap: a check waiting out a backoff or Retry-After holds a worker but no
  // upstream slot, and the other workers must keep the request's share of slots busy meanwhile.
  const width = options.concurrency * 4;
  return (caller: Caller, info: RequestInfo, record: RequestRecord, lifetime: { readonly signal: StopSignal }): RequestContext => {
    // The request itself is the scheduler's group: its checks take turns with other requests'. The
    // signal is read when a check first needs it (request-lifetimes.ts): a cache hit never does.
    const ticket = {
      caller: caller.id,
      group: {},
      priority: "interactive",
      get signal() {
        return lifetime.signal;
      },
    } as const;
    return new Context(info, caller, record, options.accountSid, createPortabilityLoader(options.checker, { ticket, width, onDeduplicated }), (checks) =>
      admitChecks(caller, checks, options),
    );
  };
}

/**
 * The logger is a getter on the prototype, so the request's child logger is made only when a resolver
 * or plugin logs (http-app.ts): Apollo copies the context's own properties for every operation
 * (cloneObject), which would call a getter of the object's own.
 */
class Context implements RequestContext {
  readonly requestId: string;

  constructor(
    private readonly info: RequestInfo,
    readonly caller: Caller,
    readonly record: RequestRecord,
    readonly accountSid: string,
    readonly portability: RequestContext["portability"],
    readonly admit: RequestContext["admit"],
  ) {
    this.requestId = info.requestId;
  }

  get logger(): RequestContext["logger"] {
    return this.info.logger;
  }
}
