import type { CheckResult } from "../domain/check-result.js";
import { FINAL_STATUSES, type Job, type JobResult, type JobStatus } from "./job.js";
import type { ChunkWrite, JobStore, NewJob } from "./job.store.js";

interface Entry {
  job: Job;
  readonly numbers: readonly string[];
  readonly results: CheckResult[];
  readonly verdicts: Map<string, CheckResult>;
}

/**
 * Jobs in this process (no REDIS_URL): lost on restart, as the start-up line says. Nothing expires:
 * a process that runs for weeks keeps every job it ran, which is why production runs on Redis.
 */
export class MemoryJobStore implements JobStore {
  private readonly entries = new Map<string, Entry>();
  private readonly idempotent = new Map<string, string>();

  async create(job: NewJob, numbers: readonly string[]): Promise<{ job: Job; created: boolean }> {
    if (job.idempotencyKey !== null) {
      const existing = this.idempotent.get(idempotencyId(job.callerId, job.idempotencyKey));
      if (existing !== undefined) return { job: this.entries.get(existing)!.job, created: false };
      this.idempotent.set(idempotencyId(job.callerId, job.idempotencyKey), job.id);
    }
    const stored: Job = { ...job, status: "QUEUED", completed: 0, portable: 0, notPortable: 0, failed: 0, startedAt: null, finishedAt: null };
    this.entries.set(job.id, { job: stored, numbers: [...numbers], results: [], verdicts: new Map() });
    return { job: stored, created: true };
  }

  async get(id: string): Promise<Job | null> {
    return this.entries.get(id)?.job ?? null;
  }

  async markRunning(id: string, now: number): Promise<Job | null> {
    const entry = this.entries.get(id);
    if (entry === undefined) return null;
    if (!FINAL_STATUSES.has(entry.job.status)) entry.job = { ...entry.job, status: "RUNNING", startedAt: entry.job.startedAt ?? now };
    return entry.job;
  }

  async finish(id: string, status: JobStatus, now: number): Promise<Job | null> {
    const entry = this.entries.get(id);
    if (entry === undefined) return null;
    if (!FINAL_STATUSES.has(entry.job.status)) entry.job = { ...entry.job, status, finishedAt: now };
    return entry.job;
  }

  async numbers(id: string, offset: number, count: number): Promise<string[]> {
    return this.entries.get(id)?.numbers.slice(offset, offset + count) ?? [];
  }

  async results(id: string, offset: number, count: number): Promise<JobResult[]> {
    const entry = this.entries.get(id);
    if (entry === undefined) return [];
    return entry.results.slice(offset, offset + count).map((result, index) => ({ input: entry.numbers[offset + index]!, result }));
  }

  async verdicts(id: string, keys: readonly string[]): Promise<Map<string, CheckResult>> {
    const found = new Map<string, CheckResult>();
    const verdicts = this.entries.get(id)?.verdicts;
    for (const key of keys) {
      const verdict = verdicts?.get(key);
      if (verdict !== undefined) found.set(key, verdict);
    }
    return found;
  }

  async appendChunk(id: string, chunk: ChunkWrite): Promise<boolean> {
    const entry = this.entries.get(id);
    if (entry === undefined || entry.job.completed !== chunk.offset) return false;
    entry.results.push(...chunk.results);
    for (const [key, verdict] of chunk.verdicts) entry.verdicts.set(key, verdict);
    const { job } = entry;
    entry.job = {
      ...job,
      completed: job.completed + chunk.results.length,
      portable: job.portable + chunk.counts.portable,
      notPortable: job.notPortable + chunk.counts.notPortable,
      failed: job.failed + chunk.counts.failed,
    };
    return true;
  }

  async close(): Promise<void> {}
}

function idempotencyId(callerId: string, key: string): string {
  return `${callerId}\n${key}`;
}
