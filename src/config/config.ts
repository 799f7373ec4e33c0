import { readChoice, readInt, readString, readUrl, type Env } from "./env-readers.js";
import { readSandboxConfig, type SandboxConfig } from "../sandbox/config.js";
import {
  readAuthConfig,
  readBreakerConfig,
  readHttpConfig,
  readQueryLimits,
  type AuthConfig,
  type BreakerConfig,
  type HttpConfig,
  type QueryLimits,
} from "./security-config.js";
import { readProduction, readSandboxChoice } from "./runtime-mode.js";
import { readTwilioCredentials, type TwilioCredentials } from "./twilio-credentials.js";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export interface UpstreamConfig {
  /** Origin of Twilio's Numbers API. */
  readonly baseUrl: string;
  /** Bounds one check: every attempt and wait together. */
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly retryBaseMs: number;
  /** In-flight upstream requests, process-wide. */
  readonly concurrency: number;
}

export interface Config {
  readonly host: string;
  readonly port: number;
  /** Null: no credentials set, so the embedded sandbox serves. */
  readonly twilio: TwilioCredentials | null;
  /** Set exactly when `twilio` is null: the embedded sandbox's knobs, on an ephemeral loopback port. */
  readonly sandbox: SandboxConfig | null;
  readonly upstream: UpstreamConfig;
  readonly breaker: BreakerConfig;
  readonly maxBatchSize: number;
  readonly auth: AuthConfig;
  readonly http: HttpConfig;
  readonly queryLimits: QueryLimits;
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
    twilio,
    sandbox: sandbox ? { ...readSandboxConfig(env), host: "127.0.0.1", port: 0 } : null,
    upstream: {
      baseUrl: readUrl(env, "TWILIO_NUMBERS_BASE_URL", "https://numbers.twilio.com"),
      timeoutMs: readInt(env, "UPSTREAM_TIMEOUT_MS", 10_000, { min: 1, max: 600_000 }),
      maxRetries: readInt(env, "UPSTREAM_MAX_RETRIES", 2, { min: 0, max: 10 }),
      retryBaseMs: readInt(env, "UPSTREAM_RETRY_BASE_MS", 100, { min: 0, max: 60_000 }),
      concurrency: readInt(env, "UPSTREAM_CONCURRENCY", 25, { min: 1, max: 1_000 }),
    },
    breaker: readBreakerConfig(env),
    maxBatchSize,
    auth: readAuthConfig(env, host),
    http: readHttpConfig(env),
    queryLimits: readQueryLimits(env, maxBatchSize),
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
