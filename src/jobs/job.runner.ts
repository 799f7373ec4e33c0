import { setMaxListeners } from "node:events";
import type { CallerRateLimits } from "../auth/rate-limits.js";
import type { PortabilityChecker } from "../checker/portability-checker.js";
import type { CheckResult } from "../domain/check-result.js";
import { toE164 } from "../datasources/e164.js";
import type { Ticket } from "../scheduler/upstream-scheduler.js";
import { holdTightHeap } from "../runtime/heap-growth.js";
import { takeAllowance } from "./job-allowance.js";
import { countsOf, FINAL_STATUSES, type Job } from "./job.js";
import type { JobStore } from "./job.store.js";

export interface JobRunnerOptions {
  readonly store: JobStore;
  readonly checker: PortabilityChecker;
  readonly rateLimits: CallerRateLimits;
  /** JOB_CHUNK_SIZE: numbers read, checked and checkpointed together. */
  readonly chunkSize: number;
  /** JOB_CHECKS_IN_FLIGHT: checks of one job waiting or running at once. */
  readonly checksInFlight: number;
  /** How often a running job looks for a cancellation made elsewhere (another instance). */
  readonly cancelPollMs?: number;
  readonly now?: () => number;
}

/** Why a run stopped before the job's end. */
export type RunEnd = "finished" | "cancelled" | "stopped" | "lost";

/** A job's checks stop on an AbortSignal: the allowance wait and the bounded loop take one too. */
type JobTicket = Ticket & { readonly signal: AbortSignal };

/**
 * Runs one job from where it stands to its end, a chunk at a time:
 *   read the chunk's numbers → spend the key's allowance → look up verdicts the job already has for
 *   them → check the rest (one check per distinct number, at most JOB_CHECKS_IN_FLIGHT at once, with
 *   priority "bulk" so interactive checks go first) → append the chunk's results and progress in one
 *   atomic write (the checkpoint).
 * Memory holds one chunk, never the job: a 100,000-number job on Redis is 200 chunks read and written
 * in turn. A run that is killed resumes at the last checkpoint, so only the chunk in flight is checked
 * again. A run stops early when the job is cancelled (its checks are aborted), when `signal` aborts
 * (shutdown: the job stays RUNNING for the next worker), or when another worker wrote the chunk first.
 */
export class JobRunner {
  private readonly now: () => number;

  constructor(private readonly options: JobRunnerOptions) {
    this.now = options.now ?? Date.now;
  }

  async run(id: string, signal: AbortSignal): Promise<{ job: Job | null; end: RunEnd }> {
    const { store } = this.options;
    const started = await store.markRunning(id, this.now());
    if (started === null) return { job: null, end: "lost" };
    if (FINAL_STATUSES.has(started.status)) return { job: started, end: started.status === "CANCELLED" ? "cancelled" : "finished" };

    // One controller for both stops, not AbortSignal.any: every check adds listeners to the ticket's
    // signal, and on Node 20 a composite signal makes each of those cost far more.
    const stopper = new AbortController();
    // Each of the job's checks in flight listens on it (JOB_CHECKS_IN_FLIGHT of them): not a leak.
    setMaxListeners(0, stopper.signal);
    let cancelled = false;
    const onShutdown = () => stopper.abort(signal.reason);
    if (signal.aborted) onShutdown();
    else signal.addEventListener("abort", onShutdown, { once: true });
    const poll = setInterval(() => {
      store.get(id).then(
        (job) => {
          if (job !== null && job.status !== "CANCELLED") return;
          cancelled = true;
          stopper.abort(new Error("job cancelled"));
        },
        () => {},
      );
    }, this.options.cancelPollMs ?? 250);
    const stop = stopper.signal;
    // One group per run: the job's checks take turns with other jobs' and requests', compared by identity.
    const ticket: JobTicket = { caller: started.callerId, group: {}, priority: "bulk", signal: stop };
    // A job is a large list a chunk at a time: its chunks' garbage is collected as a batch's is (runtime/heap-growth.ts).
    const releaseHeap = holdTightHeap();
    try {
      let offset = started.completed;
      while (offset < started.total && !stop.aborted) {
        const written = await this.chunk(started, offset, ticket);
        if (written === null) return { job: await store.get(id), end: "lost" };
        offset += written;
      }
    } catch (error) {
      if (!stop.aborted) throw error;
    } finally {
      releaseHeap();
      clearInterval(poll);
      signal.removeEventListener("abort", onShutdown);
    }
    if (cancelled) return { job: await store.finish(id, "CANCELLED", this.now()), end: "cancelled" };
    if (signal.aborted) return { job: await store.get(id), end: "stopped" };
    return { job: await store.finish(id, "COMPLETED", this.now()), end: "finished" };
  }

  /** Checks and stores the chunk at `offset`; the numbers written (a prefix when stopped), or null when another worker owns the job. */
  private async chunk(job: Job, offset: number, ticket: JobTicket): Promise<number | null> {
    const { store, checker, chunkSize, checksInFlight, rateLimits } = this.options;
    const numbers = await store.numbers(job.id, offset, chunkSize);
    await takeAllowance(rateLimits, job.callerId, job.numbersPerMinute, numbers.length, ticket.signal);
    // Jobs stored before defaultCountry existed have none: E.164 only, as they were started.
    const defaultCountry = job.defaultCountry ?? null;
    const keys = numbers.map((phoneNumber) => dedupeKey(phoneNumber, defaultCountry));
    const distinct = [...new Set(keys)];
    const known = await store.verdicts(job.id, distinct);
    const fresh = new Map<string, CheckResult>();
    const request = (phoneNumber: string) => ({ phoneNumber, targetAccountSid: job.targetAccountSid, addressSid: job.addressSid, defaultCountry, maxAgeSeconds: null });
    const firstInput = new Map<string, string>();
    keys.forEach((key, index) => firstInput.has(key) || firstInput.set(key, numbers[index]!));
    await forEachBounded(
      distinct.filter((key) => !known.has(key)),
      checksInFlight,
      async (key) => {
        const result = await checker.check(request(firstInput.get(key)!), ticket);
        // A check stopped by the cancellation is not an answer: the number stays unchecked.
        if (!ticket.signal.aborted) fresh.set(key, result);
      },
      ticket.signal,
    );
    const results: CheckResult[] = [];
    for (const key of keys) {
      const result = known.get(key) ?? fresh.get(key);
      if (result === undefined) break;
      results.push(result);
    }
    if (results.length === 0) return 0;
    const applied = await store.appendChunk(job.id, { offset, results, counts: countsOf(results), verdicts: fresh });
    return applied ? results.length : null;
  }
}

/**
 * Repeats of a number in one job cost one check: the key is the number as sent upstream (target and
 * address are the job's own), so "(415) 555-0100" and "+14155550100" in a US job are one check. A
 * number that does not read as one is answered without Twilio, by its text.
 */
function dedupeKey(phoneNumber: string, defaultCountry: string | null): string {
  return toE164(phoneNumber, defaultCountry) ?? `invalid:${phoneNumber}`;
}

/** Runs `task` over `items` with at most `width` running; stops starting new ones once `signal` aborts. */
async function forEachBounded<T>(items: readonly T[], width: number, task: (item: T) => Promise<void>, signal: AbortSignal): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !signal.aborted) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}
