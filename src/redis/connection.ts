import { Redis } from "ioredis";
import type { Logger } from "pino";
import { redisUrlForDisplay } from "../config/redis-config.js";

/**
 * Redis holds what is worth sharing (cached verdicts, rate-limit counters), never what a request
 * needs: a cache read that takes longer than this is a miss, and a check goes to Twilio instead.
 * Loopback Redis answers in well under 1 ms, a same-region one in a few.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 250;
/** Reconnect backoff doubles from 100 ms up to this, and never gives up: Redis coming back is the normal case. */
export const REDIS_MAX_RECONNECT_DELAY_MS = 2_000;
/** A down Redis fails every reconnect and every command: one warning per interval, with the count of the rest. */
export const REDIS_ERROR_LOG_INTERVAL_MS = 30_000;

export interface RedisHealth {
  /** `ready`: commands are being sent. `degraded`: they fail at once, and callers fall back (miss, insurance limiter). */
  readonly state: "ready" | "degraded";
  /** ioredis's own status: wait, connecting, connect, ready, reconnecting, close, end. */
  readonly status: string;
  /** ECONNREFUSED, COMMAND_TIMEOUT, WRONGPASS, …: the last failure, kept after recovery. */
  readonly lastErrorCode: string | null;
  readonly lastErrorAt: number | null;
  /** The URL without user or password. */
  readonly target: string;
}

export interface RedisConnection {
  readonly client: Redis;
  health(): RedisHealth;
  /** Users of `client` report the commands that failed, so health and logs see them too. */
  reportError(error: unknown): void;
  close(): Promise<void>;
}

export interface RedisConnectionOptions {
  readonly commandTimeoutMs?: number;
  readonly maxReconnectDelayMs?: number;
  readonly now?: () => number;
}

/**
 * One ioredis client tuned so that Redis can never hold a request: no offline queue (a command while
 * disconnected fails at once instead of waiting for a reconnect), a short command timeout, no retry of
 * a failed command and no resend after a reconnect (whoever sent it has moved on). A socket that
 * stops answering while commands wait is destroyed after four command timeouts, so a hung server
 * shows as degraded instead of timing out every command forever.
 */
export function createRedisConnection(url: string, logger: Logger, options: RedisConnectionOptions = {}): RedisConnection {
  const commandTimeoutMs = options.commandTimeoutMs ?? REDIS_COMMAND_TIMEOUT_MS;
  const maxReconnectDelayMs = options.maxReconnectDelayMs ?? REDIS_MAX_RECONNECT_DELAY_MS;
  const now = options.now ?? Date.now;
  const target = redisUrlForDisplay(url);
  const secrets = passwordSpellings(url);

  const client = new Redis(url, {
    enableOfflineQueue: false,
    commandTimeout: commandTimeoutMs,
    socketTimeout: commandTimeoutMs * 4,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times - 1, 10), maxReconnectDelayMs),
    connectionName: "portability-graphql",
  });

  let lastErrorCode: string | null = null;
  let lastErrorAt: number | null = null;
  let lastLoggedAt = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  let failing = false;

  const record = (error: unknown) => {
    lastErrorCode = redisErrorCode(error);
    lastErrorAt = now();
    failing = true;
    if (lastErrorAt - lastLoggedAt < REDIS_ERROR_LOG_INTERVAL_MS) {
      suppressed += 1;
      return;
    }
    lastLoggedAt = lastErrorAt;
    // The message, never the error object: ioredis errors can carry the command and its arguments.
    logger.warn({ redis: target, code: lastErrorCode, message: scrub(messageOf(error), secrets), suppressed }, "Redis unavailable; cache reads are misses and rate limits are per process");
    suppressed = 0;
  };
  // ioredis emits "error" for each failed connect; without a listener Node would print each one.
  client.on("error", record);
  client.on("ready", () => {
    if (!failing) return;
    failing = false;
    logger.info({ redis: target, suppressed }, "Redis connection ready again");
    suppressed = 0;
    lastLoggedAt = Number.NEGATIVE_INFINITY;
  });

  return {
    client,
    health: () => ({ state: client.status === "ready" ? "ready" : "degraded", status: client.status, lastErrorCode, lastErrorAt, target }),
    reportError: record,
    async close() {
      if (client.status === "ready") await client.quit().catch(() => undefined);
      client.disconnect();
    },
  };
}

/** A short stable code for health and logs: the socket's code, Redis's reply prefix, or what ioredis said. */
export function redisErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code !== "") return code;
  const message = messageOf(error);
  if (message === "Command timed out") return "COMMAND_TIMEOUT";
  if (message.includes("enableOfflineQueue")) return "NOT_CONNECTED";
  if (message.includes("Connection is closed")) return "CONNECTION_CLOSED";
  if (message.startsWith("Socket timeout")) return "SOCKET_TIMEOUT";
  const reply = /^[A-Z]{3,}\b/.exec(message);
  return reply?.[0] ?? (error instanceof Error ? error.name : "UNKNOWN");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The password as written in the URL and decoded: either could show up in a message. */
function passwordSpellings(url: string): string[] {
  const written = new URL(url).password;
  if (written === "") return [];
  try {
    return [written, decodeURIComponent(written)];
  } catch {
    return [written];
  }
}

function scrub(message: string, secrets: readonly string[]): string {
  return secrets.reduce((scrubbed, secret) => scrubbed.split(secret).join("[redacted]"), message);
}
