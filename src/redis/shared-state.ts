import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Config } from "../config/config.js";
import type { RedisConnection, RedisHealth } from "./connection.js";

/** A Redis client and the prefix every key of this deployment goes under. */
export interface SharedStore {
  readonly client: Redis;
  readonly keyPrefix: string;
}

/**
 * Where state that several instances must agree on lives: this process's memory (no REDIS_URL: the
 * embedded default) or Redis. Each user falls back on its own when Redis is away (the verdict cache
 * misses, the rate limits use their insurance limiter, the scheduler its local cap), so Redis being
 * down degrades sharing, never answers.
 */
export interface SharedState {
  readonly mode: "memory" | "redis";
  /** Null in memory mode. */
  readonly store: SharedStore | null;
  readonly connection: RedisConnection | null;
  /** For /readyz, /metrics and the start-up line; null in memory mode. */
  health(): RedisHealth | null;
  /**
   * Resolves once Redis is connected, or after `timeoutMs` if it is not: an instance starting while
   * Redis is away starts degraded rather than not at all, and shares once Redis is back.
   */
  connected(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function createSharedState(config: Pick<Config, "redis">, logger: Logger): Promise<SharedState> {
  const { url, keyPrefix } = config.redis;
  if (url === null) {
    return { mode: "memory", store: null, connection: null, health: () => null, connected: async () => {}, close: async () => {} };
  }
  // Imported here, not at the top: ioredis is several MB of resident memory that memory mode never uses.
  const { createRedisConnection } = await import("./connection.js");
  const connection = createRedisConnection(url, logger);
  return {
    mode: "redis",
    store: { client: connection.client, keyPrefix },
    connection,
    health: () => connection.health(),
    connected: (timeoutMs) =>
      new Promise<void>((resolve) => {
        if (connection.client.status === "ready") return resolve();
        const timer = setTimeout(done, timeoutMs);
        function done() {
          clearTimeout(timer);
          connection.client.off("ready", done);
          resolve();
        }
        connection.client.once("ready", done);
      }),
    close: () => connection.close(),
  };
}
