import { afterEach, beforeEach, expect, it } from "vitest";
import { createChecker, type Checker } from "../../src/checker/create-checker.js";
import { createLogger } from "../../src/observability/logger.js";
import { createRedisConnection, type RedisConnection } from "../../src/redis/connection.js";
import { describeWithRedis } from "../helpers/redis.js";
import { twilioError } from "../helpers/fault-stub.js";
import { portabilityBody, startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";

const ACCOUNT = "AC0123456789abcdef0123456789abcdef";
const CAP = 6;
const QUIET_BREAKER = { failureRate: 0.99, minChecks: 1_000_000, windowMs: 10_000, halfOpenAfterMs: 10_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithRedis("two checkers on one Redis, prefix and account, over real HTTP to one stub Twilio", (redis) => {
  let stub: StubTwilio;
  const connections: RedisConnection[] = [];
  const checkers: Checker[] = [];
  beforeEach(async () => {
    stub = await startStubTwilio({ latencyMs: 20 });
  });
  afterEach(async () => {
    await Promise.all(checkers.splice(0).map((checker) => checker.close()));
    await Promise.all(connections.splice(0).map((connection) => connection.close()));
    await stub.close();
  });

  /** A checker as the server builds one, with its own Redis connection when `keyPrefix` is given. */
  async function checker(keyPrefix: string | null): Promise<Checker> {
    let store;
    if (keyPrefix !== null) {
      const connection = createRedisConnection(redis.url, createLogger("silent"));
      connections.push(connection);
      store = { client: connection.client, keyPrefix, onError: connection.reportError };
    }
    const created = createChecker(
      { upstream: { timeoutMs: 5_000, maxRetries: 0, maxRateLimitRetries: 0, retryBaseMs: 1, concurrency: CAP }, breaker: QUIET_BREAKER, cache: { ttlSeconds: 0, maxEntries: 1 } },
      { baseUrl: stub.url, accountSid: ACCOUNT, username: ACCOUNT, password: "stub-auth-token" },
      { redis: store },
    );
    checkers.push(created);
    for (let waited = 0; keyPrefix !== null && created.scheduler.sharedState !== "shared"; waited += 5) {
      if (waited > 3_000) throw new Error("the checker's shared state never turned shared");
      await sleep(5);
    }
    return created;
  }

  /** One batch of `count` distinct numbers, as one GraphQL request's checks. */
  function batch(target: Checker, prefix: string, count: number) {
    const group = {};
    const signal = new AbortController().signal;
    return Promise.all(
      Array.from({ length: count }, (_, i) =>
        target.check({ phoneNumber: `+1415${prefix}${String(i).padStart(4, "0")}`, targetAccountSid: null, addressSid: null }, { caller: "batch", group, priority: "interactive", signal }),
      ),
    );
  }

  it("hold at most UPSTREAM_CONCURRENCY requests in flight at Twilio together, and answer every number", async () => {
    const keyPrefix = redis.prefix();
    const [a, b] = [await checker(keyPrefix), await checker(keyPrefix)];
    const results = await Promise.all([batch(a, "555", 60), batch(b, "556", 60)]);
    expect(stub.maxInFlight).toBeLessThanOrEqual(CAP);
    expect(stub.maxInFlight).toBeGreaterThanOrEqual(CAP - 1);
    expect(stub.received).toHaveLength(120);
    expect(results.flat().map((result) => result.__typename)).toEqual(Array(120).fill("Portability"));
  });

  it("a 429 with Retry-After answered to one pauses the other's checks for the whole account", async () => {
    const keyPrefix = redis.prefix();
    const [a, b] = [await checker(keyPrefix), await checker(keyPrefix)];
    const overLimit = "+14155550429";
    stub.respond((request) =>
      request.phoneNumber === overLimit
        ? { status: 429, body: twilioError(20429, 429, "Too many requests"), headers: { "retry-after": "1" } }
        : { status: 200, body: portabilityBody(request.phoneNumber) },
    );
    expect((await batch(a, "555", 1))[0]!.__typename).toBe("Portability");
    const ticket = { caller: "single", group: {}, priority: "interactive" as const, signal: new AbortController().signal };
    const limited = await a.check({ phoneNumber: overLimit, targetAccountSid: null, addressSid: null }, ticket);
    expect(limited).toMatchObject({ __typename: "PortabilityCheckError", code: "UPSTREAM_RATE_LIMITED" });
    const pausedAt = performance.now();
    // Past B's refresh interval: its next grant reads the pause first.
    await sleep(150);
    const before = stub.received.length;
    await batch(b, "556", 3);
    const firstArrival = stub.arrivedAt[before]!;
    expect(firstArrival - pausedAt).toBeGreaterThanOrEqual(900);
    expect(firstArrival - pausedAt).toBeLessThan(1_500);
  });

  it("without Redis, each holds its own cap: together they exceed it (behaviour as before)", async () => {
    const [a, b] = [await checker(null), await checker(null)];
    expect(a.scheduler.sharedState).toBeNull();
    await Promise.all([batch(a, "555", 60), batch(b, "556", 60)]);
    expect(stub.maxInFlight).toBeGreaterThan(CAP);
    expect(stub.maxInFlight).toBeLessThanOrEqual(2 * CAP);
  });
});
