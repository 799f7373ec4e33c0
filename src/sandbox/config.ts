import { type Env, readChoice, readFraction, readInt, readString } from "../config/env-readers.js";
import { SANDBOX_DEFAULT_AUTH_TOKEN } from "./accounts.js";

/** How the sandbox listens and how badly it behaves. Every field comes from a SANDBOX_* variable. */
export interface SandboxConfig {
  /** SANDBOX_HOST: interface to bind. */
  readonly host: string;
  /** SANDBOX_PORT: 0 picks a free port (what the in-process and test uses pass). */
  readonly port: number;
  /** SANDBOX_AUTH_TOKEN: auth token of the main sandbox account ACaaaa…01. */
  readonly authToken: string;
  /** SANDBOX_NOT_PORTABLE_STATUS: HTTP status of not-portable verdicts; Twilio sends 200. */
  readonly notPortableStatus: 200 | 400;
  /** SANDBOX_LATENCY_MS: fixed delay before every answer. */
  readonly latencyMs: number;
  /** SANDBOX_JITTER_MS: extra uniform random delay in [0, jitterMs]. */
  readonly jitterMs: number;
  /** SANDBOX_ERROR_RATE: fraction of verdicts replaced by a transient fault (half 503, half 22135). */
  readonly errorRate: number;
  /**
   * SANDBOX_MAX_IN_FLIGHT: requests in flight above this get 429/20429 at once, as Twilio answers an
   * account over its concurrency limit; 0 = unlimited. The default sits below UPSTREAM_CONCURRENCY's
   * (25), so the embedded default shows the scheduler adapting to a limit it was not told.
   */
  readonly maxInFlight: number;
  /** SANDBOX_SEED: seed of the PRNG behind jitter and the error rate, so runs repeat. */
  readonly seed: number;
}

export const SANDBOX_DEFAULT_PORT = 4010;
export const SANDBOX_DEFAULT_SEED = 20_260_101;
export const SANDBOX_DEFAULT_MAX_IN_FLIGHT = 20;

const ONE_MINUTE_MS = 60_000;

/** Reads the sandbox knobs; throws ConfigError naming the first variable that is unusable. */
export function readSandboxConfig(env: Env): SandboxConfig {
  return {
    host: readString(env, "SANDBOX_HOST", "127.0.0.1"),
    port: readInt(env, "SANDBOX_PORT", SANDBOX_DEFAULT_PORT, { min: 0, max: 65_535 }),
    authToken: readString(env, "SANDBOX_AUTH_TOKEN", SANDBOX_DEFAULT_AUTH_TOKEN),
    notPortableStatus: readChoice(env, "SANDBOX_NOT_PORTABLE_STATUS", ["200", "400"], "200") === "400" ? 400 : 200,
    latencyMs: readInt(env, "SANDBOX_LATENCY_MS", 0, { min: 0, max: ONE_MINUTE_MS }),
    jitterMs: readInt(env, "SANDBOX_JITTER_MS", 0, { min: 0, max: ONE_MINUTE_MS }),
    errorRate: readFraction(env, "SANDBOX_ERROR_RATE", 0),
    maxInFlight: readInt(env, "SANDBOX_MAX_IN_FLIGHT", SANDBOX_DEFAULT_MAX_IN_FLIGHT, { min: 0, max: 1_000_000 }),
    seed: readInt(env, "SANDBOX_SEED", SANDBOX_DEFAULT_SEED, { min: 0, max: 0xffff_ffff }),
  };
}
