import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../src/observability/logger.js";
import { createRedisConnection, redisErrorCode, REDIS_COMMAND_TIMEOUT_MS, REDIS_ERROR_LOG_INTERVAL_MS, type RedisConnection } from "../../../src/redis/connection.js";
import { describeWithRedis, describeWithRedisServer, startRedisServer, type OwnedRedisServer } from "../../helpers/redis.js";

const PASSWORD = "s3cret-redis-pass";

function capturedLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter((line) => line !== ""));
      done();
    },
  });
  return { logger: createLogger("info", sink), lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return performance.now() - started;
}

/** How long a command takes to settle, and how. */
async function timed(command: Promise<unknown>): Promise<{ ms: number; outcome: unknown }> {
  const started = performance.now();
  const outcome = await command.then(
    (value) => ({ value }),
    (error: unknown) => ({ error: redisErrorCode(error) }),
  );
  return { ms: performance.now() - started, outcome };
}

const opened: RedisConnection[] = [];
const servers: OwnedRedisServer[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((connection) => connection.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function open(url: string, logger = capturedLogger().logger): RedisConnection {
  const connection = createRedisConnection(url, logger);
  opened.push(connection);
  return connection;
}

describeWithRedis("createRedisConnection", (redis) => {
  it("connects by itself and reports ready, with the URL shown without credentials", async () => {
    const connection = open(redis.url);
    await until(() => connection.health().state === "ready", 2_000);
    expect(connection.health()).toMatchObject({ state: "ready", status: "ready", lastErrorCode: null, lastErrorAt: null });
    expect(connection.health().target).not.toContain("@");
    const key = `${redis.prefix()}hello`;
    await connection.client.set(key, "world", "EX", 10);
    expect(await connection.client.get(key)).toBe("world");
  });

  it("fails a command sent before the connection is ready at once instead of queueing it", async () => {
    const connection = open(redis.url);
    const { ms, outcome } = await timed(connection.client.get(`${redis.prefix()}early`));
    expect(outcome).toEqual({ error: "NOT_CONNECTED" });
    expect(ms).toBeLessThan(50);
  });

  it("takes command failures reported by its users into health, logging the first and counting the rest", async () => {
    const log = capturedLogger();
    const connection = open(redis.url, log.logger);
    await until(() => connection.health().state === "ready", 2_000);
    for (let i = 0; i < 3; i += 1) connection.reportError(new Error("Command timed out"));
    expect(connection.health()).toMatchObject({ state: "ready", lastErrorCode: "COMMAND_TIMEOUT" });
    expect(log.entries().filter((entry) => entry.level === 40)).toEqual([expect.objectContaining({ code: "COMMAND_TIMEOUT", message: "Command timed out", suppressed: 0 })]);
  });

  it("warns again once REDIS_ERROR_LOG_INTERVAL_MS has passed, with how many it kept quiet", async () => {
    const log = capturedLogger();
    let now = 1_000_000;
    const connection = createRedisConnection(redis.url, log.logger, { now: () => now });
    opened.push(connection);
    for (const at of [0, 1, REDIS_ERROR_LOG_INTERVAL_MS - 1, REDIS_ERROR_LOG_INTERVAL_MS, REDIS_ERROR_LOG_INTERVAL_MS + 1]) {
      now = 1_000_000 + at;
      connection.reportError(new Error("Command timed out"));
    }
    expect(log.entries().filter((entry) => entry.level === 40).map((entry) => entry.suppressed)).toEqual([0, 2]);
    expect(connection.health().lastErrorAt).toBe(1_000_000 + REDIS_ERROR_LOG_INTERVAL_MS + 1);
  });
});

describeWithRedisServer("createRedisConnection against a Redis that goes away", () => {
  it("a stopped server: commands fail in well under a second, health is degraded, one warning without the password", async () => {
    const server = await startRedisServer({ password: PASSWORD });
    servers.push(server);
    const log = capturedLogger();
    const connection = open(server.url, log.logger);
    await until(() => connection.health().state === "ready", 2_000);

    await server.stop();
    await until(() => connection.health().state === "degraded", 1_000);
    for (let i = 0; i < 5; i += 1) {
      const { ms, outcome } = await timed(connection.client.get("k"));
      expect(outcome).toHaveProperty("error");
      expect(ms).toBeLessThan(100);
    }
    // Reconnect attempts now fail with ECONNREFUSED, every 100, 200, 400 ms…
    await until(() => connection.health().lastErrorCode === "ECONNREFUSED", 2_000);
    expect(connection.health()).toMatchObject({ state: "degraded", lastErrorCode: "ECONNREFUSED" });
    expect(connection.health().lastErrorAt).toEqual(expect.any(Number));

    const warnings = log.entries().filter((entry) => entry.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ redis: `redis://127.0.0.1:${server.port}`, code: expect.any(String), suppressed: 0 });
    expect(log.lines.join("\n")).not.toContain(PASSWORD);
    expect(JSON.stringify(connection.health())).not.toContain(PASSWORD);
  });

  it("a restarted server: the connection recovers by itself and says so once", async () => {
    const server = await startRedisServer();
    servers.push(server);
    const log = capturedLogger();
    const connection = open(server.url, log.logger);
    await until(() => connection.health().state === "ready", 2_000);
    await server.stop();
    await until(() => connection.health().lastErrorCode === "ECONNREFUSED", 2_000);

    await server.start();
    const recoveredIn = await until(() => connection.health().state === "ready", 5_000);
    expect(recoveredIn).toBeLessThan(3_000);
    expect(await connection.client.ping()).toBe("PONG");
    expect(log.entries().filter((entry) => entry.msg === "Redis connection ready again")).toHaveLength(1);
    // The last failure stays visible after recovery, for whoever looks at /readyz later.
    expect(connection.health()).toMatchObject({ state: "ready", lastErrorCode: "ECONNREFUSED" });
  });

  it("a hung server (SIGSTOP): each command gives up after the command timeout, and the dead socket is dropped", async () => {
    const server = await startRedisServer();
    servers.push(server);
    const connection = open(server.url);
    await until(() => connection.health().state === "ready", 2_000);

    server.pause();
    const { ms, outcome } = await timed(connection.client.get("k"));
    expect(outcome).toEqual({ error: "COMMAND_TIMEOUT" });
    expect(ms).toBeGreaterThanOrEqual(REDIS_COMMAND_TIMEOUT_MS - 5);
    expect(ms).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS + 250);
    await until(() => connection.health().state === "degraded", 2_000);
    server.resume();
    await until(() => connection.health().state === "ready", 5_000);
  });

  it("a wrong password: degraded with WRONGPASS, the password in neither health nor logs", async () => {
    const server = await startRedisServer({ password: PASSWORD });
    servers.push(server);
    const log = capturedLogger();
    const wrong = server.url.replace(PASSWORD, "not-the-password");
    const connection = open(wrong, log.logger);
    await until(() => connection.health().lastErrorCode !== null, 2_000);
    expect(connection.health()).toMatchObject({ state: "degraded", lastErrorCode: "WRONGPASS" });
    expect(log.lines.join("\n")).not.toContain("not-the-password");
  });
});

describe("redisErrorCode", () => {
  it.each([
    [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }), "ECONNREFUSED"],
    [new Error("Command timed out"), "COMMAND_TIMEOUT"],
    [new Error("Stream isn't writeable and enableOfflineQueue options is false"), "NOT_CONNECTED"],
    [new Error("Connection is closed."), "CONNECTION_CLOSED"],
    [new Error("Socket timeout. Expecting data, but didn't receive any in 1000ms."), "SOCKET_TIMEOUT"],
    [new Error("WRONGPASS invalid username-password pair or user is disabled."), "WRONGPASS"],
    [new TypeError("something else"), "TypeError"],
    ["a string", "UNKNOWN"],
  ])("%s → %s", (error, code) => {
    expect(redisErrorCode(error)).toBe(code);
  });
});
