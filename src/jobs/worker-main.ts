// First: the V8 settings (src/v8-flags.ts) hold from the first allocations of every module below.
import "../v8-flags.js";
import "reflect-metadata";
import { CallerRateLimits } from "../auth/rate-limits.js";
import { createVerdictCache } from "../cache/create-verdict-cache.js";
import { credentialsFingerprint } from "../cache/verdict-key.js";
import { createChecker } from "../checker/create-checker.js";
import { ConfigError } from "../config/config-error.js";
import { readConfig, type Config } from "../config/config.js";
import { createLogger } from "../observability/logger.js";
import { createSharedState } from "../redis/shared-state.js";
import { describeUpstream, resolveUpstream } from "../upstream.js";
import { createRedisJobs } from "./create-redis-jobs.js";

/**
 * `npm run worker`: runs bulk jobs only, no HTTP. As many as wanted may run beside the servers (set
 * JOB_WORKERS=none on the servers to leave all jobs to them); each takes JOB_WORKER_CONCURRENCY jobs
 * from the BullMQ queue on REDIS_URL and checks them through its own checker (its own upstream cap,
 * the shared verdict cache and per-key limits). SIGTERM hands the running jobs back and exits 0;
 * a SIGKILL loses nothing but the chunks in flight, which the next worker checks again.
 */
function loadConfig(): Config {
  try {
    const config = readConfig(process.env);
    if (config.redis.url === null) throw new ConfigError("REDIS_URL", "must be set for a job worker: without Redis jobs live in the server's memory and its own workers run them");
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`portability-graphql worker: invalid configuration: ${error.message}\n`);
    process.exit(1);
  }
}

const config = loadConfig();
const logger = createLogger(config.logLevel);
const upstream = await resolveUpstream(config, logger);
const shared = await createSharedState(config, logger);
await shared.connected(2_000);
const cache = createVerdictCache(config.cache, {
  ...shared.store!,
  credentialsFingerprint: credentialsFingerprint(upstream.target.username),
  onError: (error) => shared.connection!.reportError(error),
});
const checker = createChecker(config, upstream.target, { logger, cache });
const jobs = createRedisJobs(config, { checker, rateLimits: new CallerRateLimits(shared.store), accountSid: upstream.target.accountSid, logger }, true);
logger.info({ ...describeUpstream(upstream), concurrency: config.jobs.workerConcurrency }, "portability-graphql job worker running (jobs from BullMQ on Redis)");

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "job worker shutting down; running jobs are handed back");
  await jobs.close();
  await checker.close();
  await shared.close();
  await upstream.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
