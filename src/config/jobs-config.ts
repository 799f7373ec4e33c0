import { ConfigError } from "./config-error.js";
import { readInt, readString, type Env } from "./env-readers.js";

/** Bulk portability jobs (issue 10). */
export interface JobsConfig {
  /** MAX_JOB_SIZE: numbers one job may hold, repeats included. */
  readonly maxJobSize: number;
  /** JOB_RETENTION_SECONDS: how long a job and its results stay readable on Redis after it was last written. */
  readonly retentionSeconds: number;
  /** JOB_CHUNK_SIZE: numbers checked, stored and checkpointed together; a killed worker re-checks at most one chunk. */
  readonly chunkSize: number;
  /** JOB_CHECKS_IN_FLIGHT: checks one job keeps waiting or running at once. */
  readonly checksInFlight: number;
  /** JOB_WORKER_CONCURRENCY: jobs one process runs at once. */
  readonly workerConcurrency: number;
  /** JOB_WORKERS: "inline" runs workers in the server process; "none" leaves the jobs to `npm run worker`. */
  readonly workers: "inline" | "none";
  /** JOB_LOCK_MS: on Redis, how long a worker that stopped renewing its lock (killed) keeps its job before another takes it over. */
  readonly lockMs: number;
  /** The body a startPortabilityJob request or POST /jobs may send: room for MAX_JOB_SIZE numbers. */
  readonly maxBodyBytes: number;
  /** WEBHOOK_ALLOWED_HOSTS: hosts a webhookUrl may name; empty: no job may have a webhook. */
  readonly webhookAllowedHosts: readonly string[];
  /** WEBHOOK_SIGNING_SECRET: signs webhook bodies; null only when no host is allowed. */
  readonly webhookSigningSecret: string | null;
  /** WEBHOOK_MAX_ATTEMPTS: POSTs in all before a webhook is given up. */
  readonly webhookMaxAttempts: number;
  /** WEBHOOK_RETRY_BASE_MS: the first retry's wait; each next one doubles. */
  readonly webhookRetryBaseMs: number;
}

/**
 * A number in a JSON list costs its characters plus quotes and a comma; 32 bytes leaves room for
 * 15-digit numbers with spaces, and 64 KiB for the query text and the other fields.
 */
const BYTES_PER_NUMBER = 32;
const BODY_OVERHEAD_BYTES = 64 * 1024;

export function readJobsConfig(env: Env): JobsConfig {
  const maxJobSize = readInt(env, "MAX_JOB_SIZE", 100_000, { min: 1, max: 1_000_000 });
  const workers = readString(env, "JOB_WORKERS", "inline");
  if (workers !== "inline" && workers !== "none") throw new ConfigError("JOB_WORKERS", `must be "inline" or "none", got "${workers}"`);
  const webhookAllowedHosts = readString(env, "WEBHOOK_ALLOWED_HOSTS", "")
    .split(",")
    .map((host) => host.trim().toLowerCase())
    .filter((host) => host !== "");
  const webhookSigningSecret = readString(env, "WEBHOOK_SIGNING_SECRET") ?? null;
  if (webhookAllowedHosts.length > 0 && (webhookSigningSecret === null || webhookSigningSecret.length < 16)) {
    throw new ConfigError("WEBHOOK_SIGNING_SECRET", "must be at least 16 characters when WEBHOOK_ALLOWED_HOSTS is set (value not shown)");
  }
  return {
    maxJobSize,
    // A week: long enough for a weekly batch to be fetched by a person, short enough that Redis does
    // not keep 100,000-result lists of every job forever.
    retentionSeconds: readInt(env, "JOB_RETENTION_SECONDS", 7 * 24 * 3600, { min: 60, max: 90 * 24 * 3600 }),
    chunkSize: readInt(env, "JOB_CHUNK_SIZE", 500, { min: 1, max: 10_000 }),
    checksInFlight: readInt(env, "JOB_CHECKS_IN_FLIGHT", 50, { min: 1, max: 1_000 }),
    workerConcurrency: readInt(env, "JOB_WORKER_CONCURRENCY", 2, { min: 1, max: 64 }),
    workers,
    lockMs: readInt(env, "JOB_LOCK_MS", 30_000, { min: 1_000, max: 600_000 }),
    maxBodyBytes: maxJobSize * BYTES_PER_NUMBER + BODY_OVERHEAD_BYTES,
    webhookAllowedHosts,
    webhookSigningSecret,
    // 5 attempts over about 15 s by default: a receiver restarting is back by then; one that is down
    // for longer reads the job with portabilityJob when it returns.
    webhookMaxAttempts: readInt(env, "WEBHOOK_MAX_ATTEMPTS", 5, { min: 1, max: 20 }),
    webhookRetryBaseMs: readInt(env, "WEBHOOK_RETRY_BASE_MS", 1_000, { min: 1, max: 600_000 }),
  };
}
