import { Redis } from "ioredis";
import type { Config } from "../config/config.js";
import { BullJobQueue } from "./bullmq-job.queue.js";
import { newRunner, whenFinished, type Jobs, type JobsParts } from "./create-jobs.js";
import { JobService } from "./job.service.js";
import { RedisJobStore } from "./redis-job.store.js";

/**
 * Jobs on Redis. The store has its own client, unlike the cache's fail-fast one: a job's chunk write
 * should wait out a short Redis blip (offline queue, a few retries) instead of failing the run.
 */
export function createRedisJobs(config: Pick<Config, "jobs" | "redis">, parts: JobsParts, workers = config.jobs.workers === "inline"): Jobs {
  const url = config.redis.url!;
  const client = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false });
  client.on("error", () => {
    // Reported by the shared connection's health; the store's commands fail (and the run retries) meanwhile.
  });
  const store = new RedisJobStore(client, config.redis.keyPrefix, config.jobs.retentionSeconds);
  const runner = newRunner(config, parts, store);
  const queue = new BullJobQueue({
    url,
    prefix: `${config.redis.keyPrefix}bull`,
    runner,
    store,
    logger: parts.logger,
    worker: workers ? { concurrency: config.jobs.workerConcurrency, lockMs: config.jobs.lockMs } : null,
    retentionSeconds: config.jobs.retentionSeconds,
    onFinished: whenFinished(config, parts),
  });
  return {
    service: new JobService(store, queue, config.jobs, parts.accountSid),
    mode: "redis",
    async close() {
      await queue.close();
      client.disconnect();
    },
  };
}
