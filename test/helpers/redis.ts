import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { connect, createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe } from "vitest";

/**
 * Tests use a real Redis, found in this order: REDIS_URL; whatever answers PING on 127.0.0.1:6379;
 * a `redis-server` from PATH, started by the suite on a free loopback port and stopped after it.
 * With none, Redis suites are skipped with a warning, except under CI=true, where that is a failure:
 * a green CI that quietly ran no Redis test would prove nothing.
 *
 * Every suite writes under its own random key prefix, so runs (and parallel test files) can share one
 * Redis, and deletes what it wrote when it ends.
 */

const DEFAULT_URL = "redis://127.0.0.1:6379";

type Source = { readonly kind: "url"; readonly url: string } | { readonly kind: "spawn" } | { readonly kind: "none"; readonly reason: string };

const REDIS_SERVER = findOnPath("redis-server");
const SOURCE: Source = await findRedis();

async function findRedis(): Promise<Source> {
  const fromEnv = process.env.REDIS_URL?.trim();
  if (fromEnv !== undefined && fromEnv !== "") return { kind: "url", url: fromEnv };
  if (await answersPing(6379)) return { kind: "url", url: DEFAULT_URL };
  if (REDIS_SERVER !== null) return { kind: "spawn" };
  return { kind: "none", reason: "no Redis: REDIS_URL is unset, nothing answers PING on 127.0.0.1:6379 and there is no redis-server on PATH" };
}

/** What a Redis suite gets: valid from its beforeAll on. */
export interface TestRedis {
  readonly url: string;
  /** A fresh key prefix under this suite's own random one: `test:<random>:<n>:`. */
  prefix(): string;
}

/** `describe` for suites that need some Redis (a shared one is fine). */
export function describeWithRedis(name: string, body: (redis: TestRedis) => void): void {
  if (SOURCE.kind === "none") return skipOrFail(name, SOURCE.reason, body);
  describe(name, () => {
    const base = `test:${randomBytes(6).toString("hex")}:`;
    let count = 0;
    let url: string | null = SOURCE.kind === "url" ? SOURCE.url : null;
    let server: OwnedRedisServer | null = null;
    beforeAll(async () => {
      if (url === null) {
        server = await startRedisServer();
        url = server.url;
      }
    });
    afterAll(async () => {
      if (server !== null) await server.close();
      else if (url !== null) await deleteKeys(url, base);
    });
    body({
      get url() {
        if (url === null) throw new Error("Redis is not started yet: use redis.url in a test or a hook, not while collecting");
        return url;
      },
      prefix: () => `${base}${(count += 1)}:`,
    });
  });
}

/** `describe` for suites that stop and restart a Redis: they need redis-server on PATH to own one. */
export function describeWithRedisServer(name: string, body: () => void): void {
  if (REDIS_SERVER === null) return skipOrFail(name, "no redis-server on PATH, so no Redis of the test's own to stop and restart", body);
  describe(name, body);
}

function skipOrFail(name: string, reason: string, body: (redis: TestRedis) => void): void {
  if (process.env.CI === "true") throw new Error(`${name}: ${reason}; CI=true requires a Redis (see test/helpers/redis.ts)`);
  console.warn(`[redis] skipping "${name}": ${reason}`);
  describe.skip(`${name} (skipped: ${reason})`, () => body({ url: "", prefix: () => "" }));
}

/** A redis-server this test started on its own loopback port; it can be stopped, paused and restarted there. */
export interface OwnedRedisServer {
  readonly port: number;
  readonly url: string;
  /** Ends the process (SIGTERM: it closes its connections; SIGKILL: as if the machine died). */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** Starts it again on the same port, empty (nothing is saved). */
  start(): Promise<void>;
  /** SIGSTOP: the port still accepts connections but nothing answers, the worst case for a client. */
  pause(): void;
  resume(): void;
  /** Stops it for good and removes its working directory. */
  close(): Promise<void>;
}

const running = new Set<ChildProcess>();
// A test process that dies must not leave servers behind.
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export interface RedisServerOptions {
  /** `--requirepass`: the URL then carries it, as a production one would. */
  readonly password?: string;
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<OwnedRedisServer> {
  if (REDIS_SERVER === null) throw new Error("no redis-server on PATH");
  const binary = REDIS_SERVER;
  const dir = mkdtempSync(join(tmpdir(), "redis-test-"));
  let port = 0;
  let child: ChildProcess | null = null;
  // The free port may be taken between finding it and redis-server binding it: try a few.
  for (let attempt = 1; child === null; attempt += 1) {
    port = await freePort();
    try {
      child = await spawnRedis(binary, port, dir, options);
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
  let current: ChildProcess | null = child;
  const stop = async (signal: "SIGTERM" | "SIGKILL" = "SIGTERM") => {
    const stopping = current;
    current = null;
    if (stopping === null) return;
    const exited = new Promise<void>((resolve) => stopping.once("exit", () => resolve()));
    // A paused server would hold SIGTERM until it is resumed.
    stopping.kill("SIGCONT");
    stopping.kill(signal);
    await exited;
  };
  return {
    port,
    url: `redis://${options.password === undefined ? "" : `:${encodeURIComponent(options.password)}@`}127.0.0.1:${port}`,
    stop,
    async start() {
      if (current !== null) throw new Error("redis-server is already running");
      current = await spawnRedis(binary, port, dir, options);
    },
    pause: () => current?.kill("SIGSTOP"),
    resume: () => current?.kill("SIGCONT"),
    async close() {
      await stop("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function spawnRedis(binary: string, port: number, dir: string, options: RedisServerOptions): Promise<ChildProcess> {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir];
  if (options.password !== undefined) args.push("--requirepass", options.password);
  const child = spawn(binary, args, {
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  return new Promise((resolve, reject) => {
    let output = "";
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`redis-server on port ${port} was not ready in 5 s: ${output.slice(-500)}`)), 5_000);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    };
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (!settled && output.includes("Ready to accept connections")) {
        settled = true;
        clearTimeout(timer);
        child.stdout!.off("data", onOutput);
        child.stdout!.resume();
        resolve(child);
      }
    };
    child.stdout!.on("data", onOutput);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.once("exit", (code) => fail(new Error(`redis-server on port ${port} exited with ${code}: ${output.slice(-500)}`)));
  });
}

/** Deletes the keys a suite wrote to a Redis it shares with others. */
async function deleteKeys(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    for await (const keys of client.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await client.unlink(...keys);
    }
  } finally {
    client.disconnect();
  }
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    // Anything but +PONG (-NOAUTH, say) is a Redis these tests cannot use without REDIS_URL.
    socket.once("data", (chunk: Buffer) => done(chunk.toString("utf8").startsWith("+PONG")));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function findOnPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // not in this directory
    }
  }
  return null;
}
