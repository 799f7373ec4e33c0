import { afterEach, describe, expect, it } from "vitest";
import { CheckPortabilitiesDocument, CheckPortabilityDocument } from "../generated/operations.js";
import { metricValue, portableResult, scrapeMetrics, waitFor } from "../helpers/fault-stub.js";
import { execute } from "../helpers/graphql-client.js";
import { describeWithRedis, describeWithRedisServer, startRedisServer, type OwnedRedisServer } from "../helpers/redis.js";
import { portabilityBody, startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { bearer, writeKeysFile, type KeysFile } from "../security/helpers/security-helpers.js";

const SECRET = "partner-secret-0123456789";
const numbers = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `+1${prefix}${String(i).padStart(4, "0")}`);

async function readyz(app: TestApp): Promise<Record<string, unknown>> {
  const response = await fetch(app.url.replace(/\/graphql$/, "/readyz"));
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** Two instances of the server over one stub Twilio and one Redis (one key prefix): a deployment of two replicas. */
function twoInstances() {
  let stub: StubTwilio | undefined;
  let keys: KeysFile | undefined;
  const apps: TestApp[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await stub?.close();
    keys?.remove();
    stub = keys = undefined;
  });
  return async (redisUrl: string, keyPrefix: string, env: Record<string, string> = {}) => {
    stub = await startStubTwilio();
    keys = writeKeysFile([{ id: "partner", secret: SECRET, targets: "*", limits: { numbersPerMinute: 10 } }]);
    const shared = { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix, CACHE_TTL_SECONDS: "300", API_KEYS_FILE: keys.path, LOG_LEVEL: "warn", ...env };
    const [a, b] = await Promise.all([startTestApp(stub.url, shared), startTestApp(stub.url, shared)]);
    apps.push(a!, b!);
    return { stub, a: a!, b: b! };
  };
}

describeWithRedis("several instances sharing one Redis", (redis) => {
  const start = twoInstances();

  it("serves a verdict checked on one instance from the other, with no upstream call", async () => {
    const { stub, a, b } = await start(redis.url, redis.prefix());
    expect(await readyz(a)).toMatchObject({ status: "ready", state: "redis", redis: { state: "ready" }, upstreamSlots: "shared" });
    const first = await execute(a.url, CheckPortabilityDocument, { phoneNumber: "+14155550100" }, bearer(SECRET));
    const second = await execute(b.url, CheckPortabilityDocument, { phoneNumber: "+14155550100" }, bearer(SECRET));
    expect(first.body.data!.portability).toEqual(portableResult("+14155550100"));
    expect(second.body.data!.portability).toEqual(first.body.data!.portability);
    expect(stub.attemptsFor("+14155550100")).toBe(1);
    expect(metricValue(await scrapeMetrics(b.url), 'portability_cache_lookups_total{outcome="hit"}')).toBe(1);
  });

  it("shares a key's allowance: 6 numbers on one instance leave 4 on the other", async () => {
    const { stub, a, b } = await start(redis.url, redis.prefix());
    const six = await execute(a.url, CheckPortabilitiesDocument, { phoneNumbers: numbers("206555", 6) }, bearer(SECRET));
    expect(six.status).toBe(200);
    const refused = await execute(b.url, CheckPortabilitiesDocument, { phoneNumbers: numbers("206556", 6) }, bearer(SECRET));
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    const four = await execute(b.url, CheckPortabilitiesDocument, { phoneNumbers: numbers("206557", 4) }, bearer(SECRET));
    expect(four.status).toBe(200);
    expect(stub.received).toHaveLength(10);
  });

  it("caps upstream requests in flight across both instances at UPSTREAM_CONCURRENCY while both run batches", async () => {
    const { stub, a, b } = await start(redis.url, redis.prefix(), { UPSTREAM_CONCURRENCY: "6", CACHE_TTL_SECONDS: "0" });
    stub.respond((request) => ({ status: 200, body: portabilityBody(request.phoneNumber), delayMs: 20 }));
    const [one, two] = await Promise.all([
      execute(a.url, CheckPortabilitiesDocument, { phoneNumbers: numbers("312555", 5) }, bearer(SECRET)),
      execute(b.url, CheckPortabilitiesDocument, { phoneNumbers: numbers("312556", 5) }, bearer(SECRET)),
    ]);
    expect(one.body.data!.portabilities).toEqual(numbers("312555", 5).map(portableResult));
    expect(two.body.data!.portabilities).toEqual(numbers("312556", 5).map(portableResult));
    // 10 numbers at once over two instances of cap 6: without shared slots the stub would see 10.
    expect(stub.maxInFlight).toBeLessThanOrEqual(6);
    expect(stub.received).toHaveLength(10);
    expect(metricValue(await scrapeMetrics(a.url), "portability_upstream_shared_slots")).toBe(1);
  });

  it("keeps deployments apart by REDIS_KEY_PREFIX", async () => {
    const { stub, a } = await start(redis.url, redis.prefix());
    await execute(a.url, CheckPortabilityDocument, { phoneNumber: "+14155550101" }, bearer(SECRET));
    const other = await startTestApp(stub.url, { REDIS_URL: redis.url, REDIS_KEY_PREFIX: redis.prefix(), CACHE_TTL_SECONDS: "300", LOG_LEVEL: "warn" });
    try {
      await execute(other.url, CheckPortabilityDocument, { phoneNumber: "+14155550101" });
      expect(stub.attemptsFor("+14155550101")).toBe(2);
    } finally {
      await other.close();
    }
  });
});

describeWithRedisServer("several instances when their Redis goes away and comes back", () => {
  const start = twoInstances();
  let server: OwnedRedisServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("answers every request while Redis is down (local cache and limits, /readyz degraded), then shares again", async () => {
    server = await startRedisServer();
    const { stub, a, b } = await start(server.url, "outage:", { UPSTREAM_TIMEOUT_MS: "2000" });
    await execute(a.url, CheckPortabilityDocument, { phoneNumber: "+14155550110" }, bearer(SECRET));

    await server.stop("SIGKILL");
    for (const [app, phoneNumber] of [[a, "+14155550111"], [b, "+14155550112"], [b, "+14155550110"]] as const) {
      const started = performance.now();
      const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber }, bearer(SECRET));
      expect(response.status).toBe(200);
      expect(response.body.data!.portability).toEqual(portableResult(phoneNumber));
      expect(performance.now() - started).toBeLessThan(1_500);
    }
    await waitFor(() => a.app.shared.health()?.state === "degraded", 3_000, "instance a to see Redis down");
    expect(await readyz(a)).toMatchObject({ status: "degraded", state: "redis", redis: { state: "degraded" } });
    expect(metricValue(await scrapeMetrics(a.url), "portability_shared_state_up")).toBe(0);

    await server.start();
    const sharing = (app: TestApp) => app.app.shared.health()?.state === "ready" && app.app.checker.scheduler.sharedState === "shared";
    await waitFor(() => sharing(a) && sharing(b), 5_000, "both instances to reconnect and share again");
    expect(await readyz(b)).toMatchObject({ status: "ready" });
    const before = stub.attemptsFor("+14155550113");
    await execute(a.url, CheckPortabilityDocument, { phoneNumber: "+14155550113" }, bearer(SECRET));
    await execute(b.url, CheckPortabilityDocument, { phoneNumber: "+14155550113" }, bearer(SECRET));
    expect(stub.attemptsFor("+14155550113") - before).toBe(1);
  });
});
