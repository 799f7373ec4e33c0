import { ConfigError } from "./config-error.js";
import { readString, type Env } from "./env-readers.js";

/** Where shared state (verdict cache, rate limits) lives. */
export interface RedisConfig {
  /** Null: no REDIS_URL, state stays in this process. Holds the password when the URL has one: never log it. */
  readonly url: string | null;
  /** Every key this service writes starts with it, so several services (or test runs) can share one Redis. */
  readonly keyPrefix: string;
}

export const DEFAULT_REDIS_KEY_PREFIX = "portability:";

/** Letters, digits and `:_.-`: no spaces or glob characters, so a prefix is also a safe SCAN pattern. */
const KEY_PREFIX = /^[A-Za-z0-9:_.-]{1,64}$/;
// Non-special schemes parse "redis://h" with an empty path, "redis://h/" with "/".
const DATABASE = /^(\/(\d{1,2})?)?$/;

export function readRedisConfig(env: Env): RedisConfig {
  const url = readString(env, "REDIS_URL");
  const keyPrefix = readString(env, "REDIS_KEY_PREFIX", DEFAULT_REDIS_KEY_PREFIX);
  if (!KEY_PREFIX.test(keyPrefix)) {
    throw new ConfigError("REDIS_KEY_PREFIX", `must be 1 to 64 letters, digits or ":_.-", got "${keyPrefix}"`);
  }
  return { url: url === undefined ? null : validRedisUrl(url), keyPrefix };
}

/**
 * redis://[user:password@]host[:port][/db] or rediss:// (TLS). The value is never echoed: it may hold
 * the password. Query options are refused rather than half-honoured: ioredis reads some, not all.
 */
function validRedisUrl(value: string): string {
  const rule = "must be redis://[user:password@]host[:port][/db] or rediss://… (value not shown: it may hold a password)";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError("REDIS_URL", rule);
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    throw new ConfigError("REDIS_URL", `${rule}; the scheme is "${url.protocol}"`);
  }
  if (url.hostname === "") throw new ConfigError("REDIS_URL", `${rule}; the host is missing`);
  if (!DATABASE.test(url.pathname)) throw new ConfigError("REDIS_URL", `${rule}; the path must be empty or a database number`);
  if (url.search !== "" || url.hash !== "") throw new ConfigError("REDIS_URL", `${rule}; no query or fragment`);
  return value;
}

/** The URL without user or password, for logs, /readyz and /metrics: `redis://host:6379/0`. */
export function redisUrlForDisplay(value: string): string {
  const url = new URL(value);
  return `${url.protocol}//${url.host}${url.pathname.length <= 1 ? "" : url.pathname}`;
}
