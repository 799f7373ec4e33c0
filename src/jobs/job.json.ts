import type { Job } from "./job.js";
import { resultsCsvPath } from "./job-paths.js";

/** A job over HTTP: the GraphQL type's fields and names, times as ISO 8601 like DateTime. */
export function jobJson(job: Job): Record<string, unknown> {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: job.id,
    status: job.status,
    total: job.total,
    completed: job.completed,
    portable: job.portable,
    notPortable: job.notPortable,
    failed: job.failed,
    targetAccountSid: job.targetAccountSid,
    addressSid: job.addressSid,
    defaultCountry: job.defaultCountry ?? null,
    createdAt: iso(job.createdAt),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    resultsCsvUrl: resultsCsvPath(job.id),
  };
}
