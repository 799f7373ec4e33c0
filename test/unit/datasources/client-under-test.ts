import type { Dispatcher } from "undici";
import { createChecker, type Checker } from "../../../src/checker/create-checker.js";
import type { CheckRequest } from "../../../src/datasources/twilio-portability-client.js";
import type { CheckResult } from "../../../src/domain/check-result.js";
import type { UpstreamObserver } from "../../../src/datasources/upstream-observer.js";
import type { Ticket } from "../../../src/scheduler/upstream-scheduler.js";

export const UNIT_ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
export const UNIT_AUTH_TOKEN = "unit-auth-token-s3cr3t";

export interface ClientOptions {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly maxRateLimitRetries: number;
  readonly retryBaseMs: number;
  readonly concurrency: number;
  readonly dispatcher: Dispatcher;
  readonly random: () => number;
  readonly observer: UpstreamObserver;
}

/** A checker whose checks all belong to one caller and one request, as a single GraphQL request's would. */
export interface ClientUnderTest {
  check(request: CheckRequest, signal?: AbortSignal): Promise<CheckResult>;
  readonly inFlight: number;
  readonly checker: Checker;
  close(): Promise<void>;
}

/** A breaker that never opens in these suites: they test one check's attempts, not outages. */
const QUIET_BREAKER = { failureRate: 0.99, minChecks: 1_000_000, windowMs: 10_000, halfOpenAfterMs: 10_000 };

/**
 * Checkers (createChecker, as the server builds them) against a stub at `url()`, with small timeouts
 * and backoff; `closeAll()` in afterEach. `url` is a function because the stub starts in beforeAll.
 */
export function clientFactory(url: () => string) {
  const clients: ClientUnderTest[] = [];
  return {
    create(options: Partial<ClientOptions> = {}): ClientUnderTest {
      const checker = createChecker(
        {
          upstream: {
            timeoutMs: options.timeoutMs ?? 2000,
            maxRetries: options.maxRetries ?? 2,
            maxRateLimitRetries: options.maxRateLimitRetries ?? options.maxRetries ?? 2,
            retryBaseMs: options.retryBaseMs ?? 1,
            concurrency: options.concurrency ?? 5,
          },
          breaker: QUIET_BREAKER,
          // These suites count upstream attempts: nothing may be answered from a cache.
          cache: { ttlSeconds: 0, maxEntries: 1 },
        },
        {
          baseUrl: options.baseUrl ?? url(),
          accountSid: UNIT_ACCOUNT_SID,
          username: options.username ?? UNIT_ACCOUNT_SID,
          password: options.password ?? UNIT_AUTH_TOKEN,
          dispatcher: options.dispatcher,
        },
        { random: options.random, observer: options.observer },
      );
      const group = {};
      const always = new AbortController().signal;
      const ticket = (signal: AbortSignal): Ticket => ({ caller: "unit", group, priority: "interactive", signal });
      const created: ClientUnderTest = {
        check: (request, signal = always) => checker.check(request, ticket(signal)),
        get inFlight() {
          return checker.scheduler.inFlight;
        },
        checker,
        close: () => checker.close(),
      };
      clients.push(created);
      return created;
    },
    closeAll: () => Promise.all(clients.splice(0).map((created) => created.close())),
  };
}
