import { readChoice, readInt, readString, readUrl, type Env } from "./env-readers.js";
import { readSandboxConfig, type SandboxConfig } from "../sandbox/config.js";
import { readAuthConfig, readHttpConfig, readQueryLimits, type AuthConfig, type HttpConfig, type QueryLimits } from "./security-config.js";
import { readBreakerConfig, readUpstreamConfig, type UpstreamConfig } from "./upstream-config.js";
import type { OutageBreakerOptions } from "../checker/outage-breaker.js";
import { readProduction, readSandboxChoice } from "./runtime-mode.js";
import { readTwilioCredentials, type TwilioCredentials } from "./twilio-credentials.js";
import { readCacheConfig, type CacheConfig } from "./cache-config.js";
import { readRedisConfig, type RedisConfig } from "./redis-config.js";
import { readJobsConfig, type JobsConfig } from "./jobs-config.js";

export type { UpstreamConfig };

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Real Twilio: where (TWILIO_NUMBERS_BASE_URL) and as whom. */
export interface TwilioConfig extends TwilioCredentials {
  readonly baseUrl: string;
}

export interface Config {
  readonly host: string;
  readonly port: number;
  /** Null: no credentials set, so the embedded sandbox serves. */
  readonly twilio: TwilioConfig | null;
  /** Set exactly when `twilio` is null: the embedded sandbox's knobs, on an ephemeral loopback port. */
  readonly sandbox: SandboxConfig | null;
  readonly upstream: UpstreamConfig;
  readonly breaker: OutageBreakerOptions;
  readonly maxBatchSize: number;
  readonly auth: AuthConfig;
  readonly http: HttpConfig;
  readonly queryLimits: QueryLimits;
  /** Shared state across instances; `redis.url` null keeps it in this process. */
  readonly redis: RedisConfig;
  readonly cache: CacheConfig;
  /** Bulk jobs: size, chunking, retention, workers, webhooks. */
  readonly jobs: JobsConfig;
  readonly logLevel: (typeof LOG_LEVELS)[number];
}

/** Reads and validates the environment once; a bad value throws a ConfigError naming the variable. */
export function readConfig(env: Env): Config {
  const twilio = readTwilioCredentials(env);
  const sandbox = readSandboxChoice(env, twilio, readProduction(env));
  const host = readString(env, "HOST", "127.0.0.1");
  const maxBatchSize = readInt(env, "MAX_BATCH_SIZE", 1_000, { min: 1, max: 100_000 });
  return deepFreeze({
    host,
    port: readInt(env, "PORT", 4000, { min: 0, max: 65_535 }),
    twilio: twilio === null ? null : { ...twilio, baseUrl: readUrl(env, "TWILIO_NUMBERS_BASE_URL", "https://numbers.twilio.com") },
    sandbox: sandbox ? { ...readSandboxConfig(env), host: "127.0.0.1", port: 0 } : null,
    upstream: readUpstreamConfig(env),
    breaker: readBreakerConfig(env),
    maxBatchSize,
    auth: readAuthConfig(env, host),
    http: readHttpConfig(env),
    queryLimits: readQueryLimits(env, maxBatchSize),
    redis: readRedisConfig(env),
    cache: readCacheConfig(env),
    jobs: readJobsConfig(env),
    logLevel: readChoice(env, "LOG_LEVEL", LOG_LEVELS, "info"),
  });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
