import type { Logger } from "pino";
import type { CallerRateLimits } from "../auth/rate-limits.js";
import type { PortabilityChecker } from "../checker/portability-checker.js";
import type { Config } from "../config/config.js";
import type { Job } from "./job.js";
import { JobRunner } from "./job.runner.js";
import type { JobStore } from "./job.store.js";
import { JobService } from "./job.service.js";
import { MemoryJobQueue } from "./memory-job.queue.js";
import { MemoryJobStore } from "./memory-job.store.js";
import { createWebhookNotifier } from "./webhook-delivery.js";

export interface Jobs {
  readonly service: JobService;
  /** "memory": jobs are lost on restart; "redis": jobs and results on Redis, work queued with BullMQ. */
  readonly mode: "memory" | "redis";
  /** Stops the workers (running jobs stay RUNNING for the next worker on Redis) and closes the connections. */
  close(): Promise<void>;
}

export interface JobsParts {
  readonly checker: PortabilityChecker;
  readonly rateLimits: CallerRateLimits;
  readonly accountSid: string;
  readonly logger: Logger;
  readonly onFinished?: (job: Job) => void;
}

/** The job service with its store, queue and (unless JOB_WORKERS=none) its in-process workers. */
export async function createJobs(config: Pick<Config, "jobs" | "redis">, parts: JobsParts): Promise<Jobs> {
  if (config.redis.url !== null) {
    const { createRedisJobs } = await import("./create-redis-jobs.js");
    return createRedisJobs(config, parts);
  }
  const store = new MemoryJobStore();
  const runner = newRunner(config, parts, store);
  const queue = new MemoryJobQueue({ runner, store, concurrency: config.jobs.workerConcurrency, logger: parts.logger, onFinished: whenFinished(config, parts) });
  return {
    service: new JobService(store, queue, config.jobs, parts.accountSid),
    mode: "memory",
    close: () => queue.close(),
  };
}

/** What happens when a job ends: its webhook, then the caller's own hook. */
export function whenFinished(config: Pick<Config, "jobs">, parts: JobsParts): (job: Job) => void {
  const notify = createWebhookNotifier(config.jobs, parts.logger);
  return (job) => {
    notify(job);
    parts.onFinished?.(job);
  };
}

export function newRunner(config: Pick<Config, "jobs">, parts: JobsParts, store: JobStore): JobRunner {
  return new JobRunner({
    store,
    checker: parts.checker,
    rateLimits: parts.rateLimits,
    chunkSize: config.jobs.chunkSize,
    checksInFlight: config.jobs.checksInFlight,
  });
}
