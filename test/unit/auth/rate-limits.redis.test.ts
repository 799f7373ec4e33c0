import { afterEach, expect, it } from "vitest";
import type { Caller } from "../../../src/auth/api-key.js";
import { CallerRateLimits, RateLimitedError } from "../../../src/auth/rate-limits.js";
import { createLogger } from "../../../src/observability/logger.js";
import { createRedisConnection, REDIS_COMMAND_TIMEOUT_MS, type RedisConnection } from "../../../src/redis/connection.js";
import { describeWithRedis, describeWithRedisServer, startRedisServer, type OwnedRedisServer } from "../../helpers/redis.js";

const caller = (id: string, requestsPerMinute = 3, numbersPerMinute = 5): Caller => ({ id, targets: "*", limits: { requestsPerMinute, numbersPerMinute } });

const connections: RedisConnection[] = [];
const servers: OwnedRedisServer[] = [];
afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function connect(url: string): Promise<RedisConnection> {
  const connection = createRedisConnection(url, createLogger("silent"));
  connections.push(connection);
  const started = performance.now();
  while (connection.health().state !== "ready") {
    if (performance.now() - started > 2_000) throw new Error(`no Redis at ${connection.health().target}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return connection;
}

/** The outcome of one consume: "ok", or the refused limit and its Retry-After. */
async function outcome(consume: Promise<void>): Promise<string> {
  return consume.then(
    () => "ok",
    (error: unknown) => {
      if (!(error instanceof RateLimitedError)) throw error;
      return `refused ${error.limit} ${error.retryAfterSeconds}`;
    },
  );
}

describeWithRedis("CallerRateLimits on a shared Redis", (redis) => {
  it("two instances sharing one Redis and prefix share a key's allowance of requests", async () => {
    const keyPrefix = redis.prefix();
    const a = new CallerRateLimits({ client: (await connect(redis.url)).client, keyPrefix });
    const b = new CallerRateLimits({ client: (await connect(redis.url)).client, keyPrefix });
    const key = caller("k");
    const seen = [];
    for (const instance of [a, b, a, b, a]) seen.push(await outcome(instance.consumeRequest(key)));
    expect(seen).toEqual(["ok", "ok", "ok", "refused requests 60", "refused requests 60"]);
  });

  it("shares numbers exactly, and a refused batch on one instance spends nothing on the other", async () => {
    const keyPrefix = redis.prefix();
    const a = new CallerRateLimits({ client: (await connect(redis.url)).client, keyPrefix });
    const b = new CallerRateLimits({ client: (await connect(redis.url)).client, keyPrefix });
    const key = caller("k");
    expect(await outcome(a.consumeNumbers(key, 3))).toBe("ok");
    expect(await outcome(b.consumeNumbers(key, 3))).toBe("refused numbers 60");
    expect(await outcome(b.consumeNumbers(key, 2))).toBe("ok");
    expect(await outcome(a.consumeNumbers(key, 1))).toBe("refused numbers 60");
  });

  it("refuses a batch larger than the whole allowance without writing to Redis", async () => {
    const keyPrefix = redis.prefix();
    const connection = await connect(redis.url);
    const limits = new CallerRateLimits({ client: connection.client, keyPrefix });
    expect(await outcome(limits.consumeNumbers(caller("k"), 6))).toBe("refused numbers 60");
    expect(await connection.client.keys(`${keyPrefix}*`)).toEqual([]);
    expect(await outcome(limits.consumeNumbers(caller("k"), 5))).toBe("ok");
  });

  it("keeps keys, limits and prefixes apart", async () => {
    const keyPrefix = redis.prefix();
    const client = (await connect(redis.url)).client;
    const limits = new CallerRateLimits({ client, keyPrefix });
    for (let i = 0; i < 3; i += 1) await limits.consumeRequest(caller("a"));
    expect(await outcome(limits.consumeRequest(caller("a")))).toBe("refused requests 60");
    expect(await outcome(limits.consumeRequest(caller("b")))).toBe("ok");
    expect(await outcome(limits.consumeRequest(caller("a", 10)))).toBe("ok");
    expect(await outcome(new CallerRateLimits({ client, keyPrefix: redis.prefix() }).consumeRequest(caller("a")))).toBe("ok");
  });

  it("counts under REDIS_KEY_PREFIX, with Redis's own expiry of the one-minute window", async () => {
    const keyPrefix = redis.prefix();
    const connection = await connect(redis.url);
    await new CallerRateLimits({ client: connection.client, keyPrefix }).consumeNumbers(caller("acme"), 2);
    const name = `${keyPrefix}rate-limit:5:numbers:acme`;
    expect(await connection.client.keys(`${keyPrefix}*`)).toEqual([name]);
    expect(await connection.client.get(name)).toBe("2");
    expect(await connection.client.ttl(name)).toBeGreaterThanOrEqual(59);
  });
});

describeWithRedisServer("CallerRateLimits when Redis goes away", () => {
  it("stopped: the in-memory insurance limiter answers at once, no throw, still enforcing the limit per process", async () => {
    const server = await startRedisServer();
    servers.push(server);
    const limits = new CallerRateLimits({ client: (await connect(server.url)).client, keyPrefix: "p:" });
    const key = caller("k");
    expect(await outcome(limits.consumeRequest(key))).toBe("ok");

    await server.stop();
    const started = performance.now();
    const seen = [];
    for (let i = 0; i < 4; i += 1) seen.push(await outcome(limits.consumeRequest(key)));
    expect(performance.now() - started).toBeLessThan(100);
    // The insurance limiter has its own count: the request Redis saw is not in it.
    expect(seen).toEqual(["ok", "ok", "ok", "refused requests 60"]);
  });

  it("hung (SIGSTOP): a consume is answered by the insurance limiter after the command timeout", async () => {
    const server = await startRedisServer();
    servers.push(server);
    const limits = new CallerRateLimits({ client: (await connect(server.url)).client, keyPrefix: "p:" });
    server.pause();
    const started = performance.now();
    expect(await outcome(limits.consumeNumbers(caller("k"), 5))).toBe("ok");
    expect(performance.now() - started).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS + 250);
    // A refusal rewards what it counted; with Redis hung that reward fails over too, and nothing throws.
    expect(await outcome(limits.consumeNumbers(caller("k"), 1))).toMatch(/^refused numbers \d+$/);
  });

  it("restarted: counting goes back to Redis", async () => {
    const server = await startRedisServer();
    servers.push(server);
    const connection = await connect(server.url);
    const limits = new CallerRateLimits({ client: connection.client, keyPrefix: "p:" });
    await server.stop();
    await limits.consumeRequest(caller("k"));
    await server.start();
    while (connection.health().state !== "ready") await new Promise((resolve) => setTimeout(resolve, 20));
    await limits.consumeRequest(caller("k"));
    expect(await connection.client.get("p:rate-limit:3:requests:k")).toBe("1");
  });
});
