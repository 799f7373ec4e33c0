import type { ApiKey, RateLimits } from "../auth/api-key.js";
import { readApiKeysFile } from "../auth/api-keys-file.js";
import { ConfigError } from "./config-error.js";
import { readBoolean, readInt, readString, type Env } from "./env-readers.js";
import { readProduction } from "./runtime-mode.js";

export interface AuthConfig {
  /** Null: no API_KEYS_FILE, every caller is let in (only on loopback unless ALLOW_UNAUTHENTICATED). */
  readonly apiKeys: readonly ApiKey[] | null;
  /** Limits of keys that set none of their own. */
  readonly defaultLimits: RateLimits;
}

export interface HttpConfig {
  readonly maxBodyBytes: number;
  /** Origins allowed by CORS; empty: no CORS headers at all. */
  readonly corsOrigins: readonly string[];
  /** NODE_ENV=production: no introspection (unless INTROSPECTION=true), no field suggestions. */
  readonly production: boolean;
  readonly introspection: boolean;
  readonly shutdownTimeoutMs: number;
  /** After SIGTERM, /readyz answers 503 while new requests are still served, so a load balancer notices. */
  readonly shutdownGraceMs: number;
  /** REQUEST_TIMEOUT_MS: bounds one whole GraphQL request; its unfinished checks then end UPSTREAM_TIMEOUT. */
  readonly requestDeadlineMs: number;
  /** A connection must send its request headers within this (slowloris), counted from connect. */
  readonly headersTimeoutMs: number;
  /** The whole request, headers and body, must arrive within this. */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** Open sockets; one more is closed as soon as it connects. */
  readonly maxConnections: number;
}

export interface QueryLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
  readonly maxCost: number;
  readonly maxDirectives: number;
  /** Budget of the parsed-document cache, in bytes its documents hold (text, tokens, AST); 0: no cache. */
  readonly documentCacheBytes: number;
}

export function readAuthConfig(env: Env, host: string): AuthConfig {
  const file = readString(env, "API_KEYS_FILE");
  const allowUnauthenticated = readBoolean(env, "ALLOW_UNAUTHENTICATED", false);
  if (file === undefined && !allowUnauthenticated && !isLoopback(host)) {
    throw new ConfigError(
      "HOST",
      `is ${host}, not loopback, and no API_KEYS_FILE is set: anyone who can reach it could spend this ` +
        "service's Twilio account. Set API_KEYS_FILE, or ALLOW_UNAUTHENTICATED=true if something in front authenticates callers",
    );
  }
  return {
    apiKeys: file === undefined ? null : readApiKeysFile(file),
    defaultLimits: {
      requestsPerMinute: readInt(env, "RATE_LIMIT_REQUESTS_PER_MINUTE", 600, { min: 1, max: 10_000_000 }),
      numbersPerMinute: readInt(env, "RATE_LIMIT_NUMBERS_PER_MINUTE", 20_000, { min: 1, max: 100_000_000 }),
    },
  };
}

export function readHttpConfig(env: Env): HttpConfig {
  const production = readProduction(env);
  const origins = readString(env, "CORS_ORIGINS", "")
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError("CORS_ORIGINS", `must be a comma-separated list of origins like https://app.example.com, got "${origin}"`);
    }
  }
  const headersTimeoutMs = readInt(env, "HTTP_HEADERS_TIMEOUT_MS", 20_000, { min: 100, max: 600_000 });
  const requestTimeoutMs = readInt(env, "HTTP_REQUEST_TIMEOUT_MS", 60_000, { min: 100, max: 3_600_000 });
  // node:http refuses to start otherwise; say which variable to change instead of its RangeError.
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError("HTTP_HEADERS_TIMEOUT_MS", `must not be larger than HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs}), got ${headersTimeoutMs}`);
  }
  return {
    maxBodyBytes: readInt(env, "MAX_BODY_BYTES", 256 * 1024, { min: 1024, max: 64 * 1024 * 1024 }),
    corsOrigins: origins,
    production,
    introspection: readBoolean(env, "INTROSPECTION", !production),
    shutdownTimeoutMs: readInt(env, "SHUTDOWN_TIMEOUT_MS", 10_000, { min: 0, max: 600_000 }),
    // Behind a load balancer (production) the grace lets health checks see 503 first; on a laptop,
    // Ctrl-C should not wait.
    shutdownGraceMs: readInt(env, "SHUTDOWN_GRACE_MS", production ? 5_000 : 0, { min: 0, max: 600_000 }),
    requestDeadlineMs: readInt(env, "REQUEST_TIMEOUT_MS", 30_000, { min: 1, max: 3_600_000 }),
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: readInt(env, "HTTP_KEEP_ALIVE_TIMEOUT_MS", 5_000, { min: 1, max: 600_000 }),
    maxConnections: readInt(env, "MAX_CONNECTIONS", 1_024, { min: 1, max: 1_000_000 }),
  };
}

/** Tokens of one root field with the README's full selection, alias and arguments (about 40), rounded up. */
const TOKENS_PER_SELECTION = 64;

/**
 * The token limit follows from the batch limit: each number written inline in the query is one token,
 * so a fixed 1,000 made a full batch of MAX_BATCH_SIZE inline numbers a syntax error. The default is
 * room for MAX_BATCH_SIZE numbers plus the full selection under every alias; MAX_TOKENS overrides it.
 * What a big document could cost is still bounded by the body size, depth, aliases, cost and batch size.
 */
export function readQueryLimits(env: Env, maxBatchSize: number): QueryLimits {
  const maxAliases = readInt(env, "MAX_ALIASES", 15, { min: 0, max: 10_000 });
  return {
    maxDepth: readInt(env, "MAX_QUERY_DEPTH", 6, { min: 1, max: 100 }),
    maxAliases,
    maxTokens: readInt(env, "MAX_TOKENS", maxBatchSize + TOKENS_PER_SELECTION * (maxAliases + 1), { min: 10, max: 1_000_000 }),
    maxCost: readInt(env, "MAX_QUERY_COST", 5_000, { min: 1, max: 10_000_000 }),
    maxDirectives: readInt(env, "MAX_DIRECTIVES", 10, { min: 0, max: 1_000 }),
    documentCacheBytes: readInt(env, "DOCUMENT_CACHE_BYTES", 8 * 1024 * 1024, { min: 0, max: 1024 * 1024 * 1024 }),
  };
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
