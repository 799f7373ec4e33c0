import { setTimeout as sleep } from "node:timers/promises";
import type { CheckTarget, JobProgress, PortabilityClient } from "./client.js";
import { InterruptedError, RequestError } from "./errors.js";
import type { Progress } from "./progress.js";
import type { ResultNode } from "./result-node.js";

/** The server checkpoints a job's progress per chunk (500 numbers by default): polling faster shows nothing new. */
const POLL_MS = 500;
/** Cancelling after Ctrl-C gets this long: a person who pressed it is waiting. */
const CANCEL_TIMEOUT_MS = 10_000;

/**
 * Numbers too many for one request, as one bulk job: start it, follow it to its end (the bar shows
 * how far), then read its results in input order. Ctrl-C (`signal`) cancels the job on the server,
 * so it stops spending the key's allowance on numbers nobody will read.
 */
export async function checkAsJob(client: PortabilityClient, numbers: readonly string[], target: CheckTarget, progress: Progress, signal: AbortSignal): Promise<ResultNode[]> {
  const started = await client.startJob(numbers, target, signal);
  try {
    const job = await followed(client, started, progress, signal);
    progress.done();
    if (job.status !== "COMPLETED") {
      throw new RequestError(`JOB_${job.status}`, `job ${job.id} ended ${job.status} after ${job.completed} of ${job.total} numbers`);
    }
    return await allResults(client, job.id, signal);
  } catch (error) {
    if (signal.aborted) throw await cancelled(client, started.id);
    throw error;
  } finally {
    progress.done();
  }
}

async function followed(client: PortabilityClient, started: JobProgress, progress: Progress, signal: AbortSignal): Promise<JobProgress> {
  let job = started;
  for (;;) {
    progress.update(job.completed, job.total);
    if (job.status === "COMPLETED" || job.status === "CANCELLED" || job.status === "FAILED") return job;
    await sleep(POLL_MS, undefined, { signal });
    job = await client.job(job.id, signal);
  }
}

async function allResults(client: PortabilityClient, id: string, signal: AbortSignal): Promise<ResultNode[]> {
  const results: ResultNode[] = [];
  let after: string | null = null;
  do {
    const page = await client.resultsPage(id, after, signal);
    results.push(...page.nodes);
    after = page.after;
  } while (after !== null);
  return results;
}

async function cancelled(client: PortabilityClient, id: string): Promise<InterruptedError> {
  try {
    const job = await client.cancel(id, AbortSignal.timeout(CANCEL_TIMEOUT_MS));
    return new InterruptedError(job === null ? `interrupted; job ${id} is gone` : `interrupted; job ${id} is ${job.status} after ${job.completed} of ${job.total} numbers`);
  } catch (error) {
    return new InterruptedError(`interrupted; job ${id} could not be cancelled and may still run: ${(error as Error).message}`);
  }
}
