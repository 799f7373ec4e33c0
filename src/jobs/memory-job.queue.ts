import type { Logger } from "pino";
import type { Job } from "./job.js";
import type { JobQueue } from "./job.queue.js";
import type { JobRunner } from "./job.runner.js";
import type { JobStore } from "./job.store.js";

export interface MemoryJobQueueOptions {
  readonly runner: JobRunner;
  readonly store: JobStore;
  /** JOB_WORKER_CONCURRENCY. */
  readonly concurrency: number;
  readonly logger: Logger;
  /** Called once with a job that reached a final status (the webhook). */
  readonly onFinished?: (job: Job) => void;
}

/** Jobs run in this process, first come first served, JOB_WORKER_CONCURRENCY at a time; lost on restart. */
export class MemoryJobQueue implements JobQueue {
  readonly durable = false;
  private readonly waiting: string[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(private readonly options: MemoryJobQueueOptions) {}

  async enqueue(id: string): Promise<void> {
    this.waiting.push(id);
    this.pump();
  }

  async close(): Promise<void> {
    this.waiting.length = 0;
    this.stopping.abort(new Error("shutting down"));
    await Promise.all(this.running);
  }

  private pump(): void {
    while (this.running.size < this.options.concurrency && this.waiting.length > 0 && !this.stopping.signal.aborted) {
      const run = this.runOne(this.waiting.shift()!).finally(() => {
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async runOne(id: string): Promise<void> {
    const { runner, store, logger, onFinished } = this.options;
    try {
      const { job, end } = await runner.run(id, this.stopping.signal);
      if (job !== null && (end === "finished" || end === "cancelled")) onFinished?.(job);
    } catch (error) {
      logger.error({ err: error, jobId: id }, "job failed");
      const job = await store.finish(id, "FAILED", Date.now());
      if (job !== null) onFinished?.(job);
    }
  }
}
