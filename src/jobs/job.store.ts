import type { CheckResult } from "../domain/check-result.js";
import type { ChunkCounts, Job, JobResult, JobStatus } from "./job.js";

/** A job about to be stored: everything but its progress. */
export type NewJob = Omit<Job, "status" | "completed" | "portable" | "notPortable" | "failed" | "startedAt" | "finishedAt">;

/** A chunk of results to append at `offset` (the job's `completed` when the chunk was read). */
export interface ChunkWrite {
  readonly offset: number;
  readonly results: readonly CheckResult[];
  readonly counts: ChunkCounts;
  /** Verdicts by dedupe key, for numbers later in the job that repeat one of this chunk's. */
  readonly verdicts: ReadonlyMap<string, CheckResult>;
}

/**
 * Where jobs, their numbers and their results live: this process's memory, or Redis (so a job
 * survives a restart and any worker can resume it). Results are appended a chunk at a time and never
 * rewritten; a chunk write whose offset is not the job's `completed` (a worker that lost its job to
 * another after a stall) is refused, so no result is ever stored twice.
 */
export interface JobStore {
  /** Stores the job QUEUED; with an idempotency key already used by the caller, returns that job instead. */
  create(job: NewJob, numbers: readonly string[]): Promise<{ job: Job; created: boolean }>;
  get(id: string): Promise<Job | null>;
  /** QUEUED → RUNNING (startedAt set once); a final job stays as it is. Returns the job as it now is. */
  markRunning(id: string, now: number): Promise<Job | null>;
  /** Sets a final status unless the job already has one. Returns the job as it now is. */
  finish(id: string, status: JobStatus, now: number): Promise<Job | null>;
  /** The job's numbers in [offset, offset + count). */
  numbers(id: string, offset: number, count: number): Promise<string[]>;
  /** Stored results in [offset, offset + count), with their inputs. */
  results(id: string, offset: number, count: number): Promise<JobResult[]>;
  /** Verdicts already stored for these dedupe keys, by key. */
  verdicts(id: string, keys: readonly string[]): Promise<Map<string, CheckResult>>;
  /** Appends a chunk's results and progress atomically; false when `offset` is no longer the job's `completed`. */
  appendChunk(id: string, chunk: ChunkWrite): Promise<boolean>;
  close(): Promise<void>;
}
