import type { CheckFailure, CheckResult, PortabilityAnswer } from "../domain/check-result.js";

export type JobStatus = "QUEUED" | "RUNNING" | "COMPLETED" | "CANCELLED" | "FAILED";

/** Once a job is in one of these, nothing about it changes again. */
export const FINAL_STATUSES: ReadonlySet<JobStatus> = new Set(["COMPLETED", "CANCELLED", "FAILED"]);

/**
 * One bulk job as stored: what it checks, for whom, and how far it got. `completed` is the length of
 * the stored results, which are in input order, so it is also where a restarted worker resumes.
 */
export interface Job {
  readonly id: string;
  /** The API key that started it: the only caller that sees or cancels it. */
  readonly callerId: string;
  /** The key's numbers-per-minute at submission (null: unlimited), so a worker in another process charges the same allowance. */
  readonly numbersPerMinute: number | null;
  readonly status: JobStatus;
  readonly total: number;
  readonly completed: number;
  readonly portable: number;
  readonly notPortable: number;
  readonly failed: number;
  /** As resolved by the key's target scope at submission. */
  readonly targetAccountSid: string | null;
  readonly addressSid: string | null;
  /** ISO 3166-1 alpha-2 country the job reads national numbers with; null: E.164 only. Absent on jobs stored before it existed. */
  readonly defaultCountry: string | null;
  readonly idempotencyKey: string | null;
  readonly webhookUrl: string | null;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

/** One stored result, at its input's index: the number as given and what the check said. */
export interface JobResult {
  readonly input: string;
  readonly result: CheckResult;
}

/** What one chunk adds to a job's counts. */
export interface ChunkCounts {
  readonly portable: number;
  readonly notPortable: number;
  readonly failed: number;
}

/** Counts by outcome; any result shape with the union's tag will do (the CLI counts GraphQL's). */
export function countsOf(results: readonly (Pick<CheckFailure, "__typename"> | Pick<PortabilityAnswer, "__typename" | "portable">)[]): ChunkCounts {
  let portable = 0;
  let notPortable = 0;
  let failed = 0;
  for (const result of results) {
    if (result.__typename === "PortabilityCheckError") failed += 1;
    else if (result.portable) portable += 1;
    else notPortable += 1;
  }
  return { portable, notPortable, failed };
}
