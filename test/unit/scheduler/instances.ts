import type { Redis } from "ioredis";
import { afterEach } from "vitest";
import { createLogger } from "../../../src/observability/logger.js";
import { createRedisConnection, type RedisConnection } from "../../../src/redis/connection.js";
import { SharedState, type SharedStateOptions } from "../../../src/scheduler/shared-state.js";
import { UpstreamScheduler, type Permit, type Ticket } from "../../../src/scheduler/upstream-scheduler.js";

export const ACCOUNT = `AC${"a".repeat(32)}`;
export const OK = { kind: "ok" } as const;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function ticket(caller = "caller", group: object = {}, signal = new AbortController().signal): Ticket {
  return { caller, group, priority: "interactive", signal };
}

const connections: RedisConnection[] = [];
const schedulers: UpstreamScheduler[] = [];
const states: SharedState[] = [];
const prefixed: Redis[] = [];
afterEach(async () => {
  for (const scheduler of schedulers.splice(0)) scheduler.close();
  for (const shared of states.splice(0)) shared.close();
  for (const client of prefixed.splice(0)) client.disconnect();
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
});

/** A connection as the server makes it, ready; closed after the test. */
export async function connect(url: string): Promise<RedisConnection> {
  const connection = createRedisConnection(url, createLogger("silent"), { maxReconnectDelayMs: 200 });
  connections.push(connection);
  const started = performance.now();
  while (connection.health().state !== "ready") {
    if (performance.now() - started > 2_000) throw new Error(`no Redis at ${connection.health().target}`);
    await sleep(5);
  }
  return connection;
}

/** A ready duplicate of a connection's client with ioredis's keyPrefix, as SharedState makes one; and the raw client. */
export async function prefixedClient(url: string, keyPrefix: string): Promise<{ client: Redis; raw: Redis }> {
  const raw = (await connect(url)).client;
  const client = raw.duplicate({ keyPrefix });
  client.on("error", () => {});
  prefixed.push(client);
  if (client.status !== "ready") await new Promise((resolve) => client.once("ready", resolve));
  return { client, raw };
}

/** One "instance": its own connection, shared state and scheduler, as createChecker builds them. */
export async function instance(
  url: string,
  keyPrefix: string,
  ceiling: number,
  options: Partial<Omit<SharedStateOptions, "store">> & { errors?: unknown[] } = {},
): Promise<UpstreamScheduler> {
  const connection = await connect(url);
  const errors = options.errors ?? [];
  const shared = new SharedState({
    accountSid: ACCOUNT,
    leaseMs: 5_000,
    limitTtlMs: 5_000,
    ...options,
    store: { client: connection.client, keyPrefix, onError: (error) => errors.push(error) },
  });
  const scheduler = new UpstreamScheduler({ ceiling, shared });
  schedulers.push(scheduler);
  states.push(shared);
  await waitForState(scheduler, "shared");
  return scheduler;
}

export async function waitForState(scheduler: UpstreamScheduler, state: "shared" | "local", withinMs = 3_000): Promise<void> {
  const started = performance.now();
  while (scheduler.sharedState !== state) {
    if (performance.now() - started > withinMs) throw new Error(`still ${scheduler.sharedState} after ${withinMs} ms`);
    await sleep(5);
  }
}

/** In flight across every instance a test drives, and the most there ever were. */
export class InFlightProbe {
  current = 0;
  max = 0;

  /** Acquires, holds the permit `holdMs`, releases it with `ok`; `also` counts it too (one instance's own probe). */
  async run(scheduler: UpstreamScheduler, holdMs: number, also?: InFlightProbe): Promise<void> {
    const permit: Permit = await scheduler.acquire(ticket());
    this.enter();
    also?.enter();
    await sleep(holdMs);
    this.current -= 1;
    if (also !== undefined) also.current -= 1;
    permit.release(OK);
  }

  private enter(): void {
    this.current += 1;
    this.max = Math.max(this.max, this.current);
  }
}
