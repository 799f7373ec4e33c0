import { afterEach, expect, it } from "vitest";
import { RedisVerdictCache, type RedisVerdictCacheOptions } from "../../../src/cache/redis-verdict-cache.js";
import { credentialsFingerprint, redisKeyFor } from "../../../src/cache/verdict-key.js";
import type { VerdictKey } from "../../../src/cache/verdict-cache.js";
import { NotPortableReason } from "../../../src/domain/not-portable-reason.js";
import { createLogger } from "../../../src/observability/logger.js";
import { createRedisConnection, redisErrorCode, REDIS_COMMAND_TIMEOUT_MS, type RedisConnection } from "../../../src/redis/connection.js";
import { describeWithRedis, describeWithRedisServer, startRedisServer, type OwnedRedisServer } from "../../helpers/redis.js";
import { ACCOUNT, ADDRESS, failureAsVerdict, keyFor, notPortable, NUMBER, OTHER_ACCOUNT, portable, TARGET, verdict } from "./verdicts.js";

const FINGERPRINT = credentialsFingerprint(ACCOUNT);
const HOUR = 3_600_000;

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

type Options = Omit<RedisVerdictCacheOptions, "client">;

function cacheOn(connection: RedisConnection, options: Partial<Options> & Pick<Options, "keyPrefix">, errors: string[] = []): RedisVerdictCache {
  return new RedisVerdictCache({
    client: connection.client,
    ttlSeconds: 300,
    credentialsFingerprint: FINGERPRINT,
    onError: (error) => errors.push(redisErrorCode(error)),
    ...options,
  });
}

/** A verdict Twilio just gave, so the TTL left is the whole TTL. */
const fresh = (answer = portable()) => verdict(answer, Date.now());

describeWithRedis("RedisVerdictCache on a real Redis", (redis) => {
  it("two instances on one Redis and one prefix share entries", async () => {
    const keyPrefix = redis.prefix();
    const writer = cacheOn(await connect(redis.url), { keyPrefix });
    const reader = cacheOn(await connect(redis.url), { keyPrefix });
    const given = fresh(notPortable(NUMBER, NotPortableReason.MANUAL_PORTING_AVAILABLE, 22133));
    await writer.set(keyFor(), given);
    expect(await reader.get(keyFor(), HOUR)).toEqual(given);
  });

  it.each<[string, Partial<Options>, VerdictKey]>([
    ["another prefix", { keyPrefix: "other:" }, keyFor()],
    ["other credentials", { credentialsFingerprint: credentialsFingerprint(`SK${"1".repeat(32)}`) }, keyFor()],
    ["another account", {}, keyFor(NUMBER, { accountSid: OTHER_ACCOUNT })],
    ["another target", {}, keyFor(NUMBER, { targetAccountSid: TARGET })],
    ["another address", {}, keyFor(NUMBER, { addressSid: ADDRESS })],
    ["another number", {}, keyFor("+14155550101")],
  ])("shares nothing with %s", async (_what, readerOptions, readKey) => {
    const keyPrefix = redis.prefix();
    const connection = await connect(redis.url);
    await cacheOn(connection, { keyPrefix }).set(keyFor(), fresh());
    const readerPrefix = readerOptions.keyPrefix === undefined ? keyPrefix : `${keyPrefix}${readerOptions.keyPrefix}`;
    expect(await cacheOn(connection, { ...readerOptions, keyPrefix: readerPrefix }).get(readKey, HOUR)).toBeNull();
  });

  it("stores with SET … EX of the TTL left since Twilio answered, and writes nothing already expired", async () => {
    const keyPrefix = redis.prefix();
    const connection = await connect(redis.url);
    const cache = cacheOn(connection, { keyPrefix });
    const ttlOf = (key: VerdictKey) => connection.client.ttl(redisKeyFor(keyPrefix, FINGERPRINT, key));
    await cache.set(keyFor("+14155550101"), verdict(portable("+14155550101"), Date.now()));
    await cache.set(keyFor("+14155550102"), verdict(portable("+14155550102"), Date.now() - 100_000));
    await cache.set(keyFor("+14155550103"), verdict(portable("+14155550103"), Date.now() - 300_000));
    expect(await ttlOf(keyFor("+14155550101"))).toBeGreaterThanOrEqual(299);
    expect(await ttlOf(keyFor("+14155550101"))).toBeLessThanOrEqual(300);
    expect([199, 200]).toContain(await ttlOf(keyFor("+14155550102")));
    expect(await ttlOf(keyFor("+14155550103"))).toBe(-2);
  });

  it("lets Redis expire an entry: a 1 s TTL is a miss after it", async () => {
    const cache = cacheOn(await connect(redis.url), { keyPrefix: redis.prefix(), ttlSeconds: 1 });
    await cache.set(keyFor(), fresh());
    expect(await cache.get(keyFor(), HOUR)).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await cache.get(keyFor(), HOUR)).toBeNull();
  });

  it("is a miss for a verdict older than the caller's maxAgeMs", async () => {
    const cache = cacheOn(await connect(redis.url), { keyPrefix: redis.prefix() });
    const checkedAt = Date.now() - 60_000;
    await cache.set(keyFor(), verdict(portable(), checkedAt));
    expect(await cache.get(keyFor(), 60_000, checkedAt + 60_000)).not.toBeNull();
    expect(await cache.get(keyFor(), 60_000, checkedAt + 60_001)).toBeNull();
  });

  it("writes nothing for a failure, a 22135 verdict or a locally made INVALID_PHONE_NUMBER answer", async () => {
    const keyPrefix = redis.prefix();
    const connection = await connect(redis.url);
    const cache = cacheOn(connection, { keyPrefix });
    await cache.set(keyFor(), failureAsVerdict());
    await cache.set(keyFor(), fresh(notPortable(NUMBER, NotPortableReason.ERROR_INTERNAL_SERVER_ERROR, 22135)));
    await cache.set(keyFor("bogus"), fresh(notPortable("bogus", NotPortableReason.INVALID_PHONE_NUMBER, 22102)));
    expect(await connection.client.keys(`${keyPrefix}*`)).toEqual([]);
  });

  it.each([
    ["text that is not JSON", "{not json"],
    ["JSON of another shape", JSON.stringify({ answer: { __typename: "Portability" }, checkedAt: 1 })],
    ["a 22135 verdict some other writer stored", JSON.stringify(verdict(notPortable(NUMBER, NotPortableReason.ERROR_INTERNAL_SERVER_ERROR, 22135), Date.now()))],
  ])("reads %s at the key as a miss, without throwing", async (_what, value) => {
    const keyPrefix = redis.prefix();
    const connection = await connect(redis.url);
    const errors: string[] = [];
    await connection.client.set(redisKeyFor(keyPrefix, FINGERPRINT, keyFor()), value, "EX", 60);
    expect(await cacheOn(connection, { keyPrefix }, errors).get(keyFor(), HOUR)).toBeNull();
    expect(errors).toEqual([]);
  });

  it("reads a key of another Redis type as a miss and reports the WRONGTYPE error", async () => {
    const keyPrefix = redis.prefix();
    const connection = await connect(redis.url);
    const errors: string[] = [];
    await connection.client.hset(redisKeyFor(keyPrefix, FINGERPRINT, keyFor()), "field", "value");
    expect(await cacheOn(connection, { keyPrefix }, errors).get(keyFor(), HOUR)).toBeNull();
    expect(errors).toEqual(["WRONGTYPE"]);
  });
});

describeWithRedisServer("RedisVerdictCache when Redis goes away", () => {
  it("stopped: reads are misses and writes are dropped at once, reported; restarted: it caches again", async () => {
    const server = await startRedisServer();
    servers.push(server);
    const connection = await connect(server.url);
    const errors: string[] = [];
    const cache = cacheOn(connection, { keyPrefix: "p:" }, errors);
    await cache.set(keyFor(), fresh());

    await server.stop();
    const started = performance.now();
    expect(await cache.get(keyFor(), HOUR)).toBeNull();
    await cache.set(keyFor("+14155550101"), fresh(portable("+14155550101")));
    expect(performance.now() - started).toBeLessThan(100);
    expect(errors).toHaveLength(2);

    await server.start();
    while (connection.health().state !== "ready") await new Promise((resolve) => setTimeout(resolve, 20));
    // The restarted server is empty (nothing is saved): a miss, then a hit once written again.
    expect(await cache.get(keyFor(), HOUR)).toBeNull();
    await cache.set(keyFor(), fresh());
    expect(await cache.get(keyFor(), HOUR)).not.toBeNull();
  });

  it("hung (SIGSTOP): a read is a miss after the command timeout, not a hang", async () => {
    const server = await startRedisServer();
    servers.push(server);
    const errors: string[] = [];
    const cache = cacheOn(await connect(server.url), { keyPrefix: "p:" }, errors);
    server.pause();
    const started = performance.now();
    expect(await cache.get(keyFor(), HOUR)).toBeNull();
    expect(performance.now() - started).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS + 250);
    expect(errors).toEqual(["COMMAND_TIMEOUT"]);
  });
});
