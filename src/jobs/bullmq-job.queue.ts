import { setTimeout as sleep } from "node:timers/promises";
import { DelayedError, Queue, Worker, type Job as BullJob } from "bullmq";
import type { Logger } from "pino";
import type { Job } from "./job.js";
import type { JobQueue } from "./job.queue.js";
import type { JobRunner } from "./job.runner.js";
import type { JobStore } from "./job.store.js";

export const QUEUE_NAME = "portability-jobs";
/** A job whose run throws (Redis away mid-chunk, say) is retried from its checkpoint this many times in all. */
const ATTEMPTS = 8;
/** A job resumed after a shutdown waits this long, so the instance coming up (or another) takes it. */
const RESUME_DELAY_MS = 1_000;
/** How long close() waits for BullMQ to close gracefully (its running jobs have been told to stop). */
const CLOSE_WAIT_MS = 3_000;

export interface BullJobQueueOptions {
  readonly url: string;
  /** REDIS_KEY_PREFIX + "bull": BullMQ's keys beside ours, under the deployment's prefix. */
  readonly prefix: string;
  readonly runner: JobRunner;
  readonly store: JobStore;
  readonly logger: Logger;
  /** Null: this process only enqueues (JOB_WORKERS=none); workers run elsewhere (`npm run worker`). */
  readonly worker: { readonly concurrency: number; readonly lockMs: number } | null;
  readonly retentionSeconds: number;
  readonly onFinished?: (job: Job) => void;
}

/**
 * Work queued with BullMQ; a BullMQ job carries only our job's id (the numbers and results are in
 * the JobStore). BullMQ gives what a restart needs: a worker holds a lock it renews while it runs; a
 * worker killed (SIGKILL, a lost machine) stops renewing it, and after JOB_LOCK_MS another worker (or
 * the same one restarted) takes the job over as stalled and the runner resumes it at its last
 * checkpoint. BullMQ needs its own connections with maxRetriesPerRequest: null (a worker's blocking
 * reads must wait out a Redis restart rather than fail), so it does not share the server's client.
 */
export class BullJobQueue implements JobQueue {
  readonly durable = true;
  private readonly queue: Queue;
  private readonly worker: Worker | null;
  private readonly stopping = new AbortController();

  constructor(private readonly options: BullJobQueueOptions) {
    const connection = { url: options.url, maxRetriesPerRequest: null };
    this.queue = new Queue(QUEUE_NAME, { connection, prefix: options.prefix });
    this.queue.on("error", (error) => options.logger.warn({ err: error }, "job queue error"));
    this.worker =
      options.worker === null
        ? null
        : new Worker(QUEUE_NAME, (job, token) => this.process(job, token), {
            connection,
            prefix: options.prefix,
            concurrency: options.worker.concurrency,
            lockDuration: options.worker.lockMs,
            stalledInterval: options.worker.lockMs,
            // A job is taken over after each crash of its worker; only a job that keeps crashing workers fails.
            maxStalledCount: 20,
          });
    this.worker?.on("error", (error) => options.logger.warn({ err: error }, "job worker error"));
    this.worker?.on("failed", (job, error) => void this.failed(job, error));
  }

  async enqueue(id: string): Promise<void> {
    await this.queue.add(
      "run",
      { id },
      {
        jobId: id,
        attempts: ATTEMPTS,
        backoff: { type: "exponential", delay: 1_000 },
        removeOnComplete: true,
        removeOnFail: { age: this.options.retentionSeconds },
      },
    );
  }

  /**
   * Bounded: BullMQ's graceful close waits on Redis, and shutting down while Redis is away must not
   * hang. Past CLOSE_WAIT_MS the worker is closed by force; its jobs are taken over as stalled.
   */
  async close(): Promise<void> {
    this.stopping.abort(new Error("shutting down"));
    const graceful = (async () => {
      await this.worker?.close();
      await this.queue.close();
    })();
    graceful.catch(() => {});
    if ((await Promise.race([graceful.then(() => "closed" as const), sleep(CLOSE_WAIT_MS).then(() => "timeout" as const)])) === "closed") return;
    this.options.logger.warn({ waitedMs: CLOSE_WAIT_MS }, "job queue did not close in time (Redis away?); closing it by force");
    await Promise.race([Promise.allSettled([this.worker?.close(true), this.queue.disconnect()]), sleep(CLOSE_WAIT_MS)]);
  }

  private async process(bullJob: BullJob<{ id: string }>, token: string | undefined): Promise<void> {
    const { runner, onFinished } = this.options;
    const { job, end } = await runner.run(bullJob.data.id, this.stopping.signal);
    if (end === "stopped") {
      // Shutting down mid-job: hand it back instead of completing it, so the next worker resumes it.
      await bullJob.moveToDelayed(Date.now() + RESUME_DELAY_MS, token);
      throw new DelayedError();
    }
    if (job !== null && (end === "finished" || end === "cancelled")) onFinished?.(job);
  }

  /** Out of attempts: the job is FAILED, with the results it has. */
  private async failed(bullJob: BullJob<{ id: string }> | undefined, error: Error): Promise<void> {
    if (bullJob === undefined) return;
    this.options.logger.warn({ err: error, jobId: bullJob.data.id, attempt: bullJob.attemptsMade }, "job run failed");
    if (bullJob.attemptsMade < ATTEMPTS) return;
    const job = await this.options.store.finish(bullJob.data.id, "FAILED", Date.now()).catch(() => null);
    if (job !== null) this.options.onFinished?.(job);
  }
}
