// @ts-check
import { createClient } from "graphql-sse";
import { graphql, PageError } from "./api.js";

/** The job's counts, what both the subscription and a poll return. */
const JOB_FIELDS = "id status total completed portable notPortable failed resultsCsvUrl";
const UPDATES = `subscription JobUpdates($id: ID!) { portabilityJobUpdates(id: $id) { ${JOB_FIELDS} } }`;
const JOB = `query Job($id: ID!) { portabilityJob(id: $id) { ${JOB_FIELDS} } }`;

/** A poll a second when live updates are unavailable: the server checkpoints progress per chunk, so faster shows nothing new. */
const POLL_MS = 1_000;
export const FINAL_STATUSES = new Set(["COMPLETED", "CANCELLED", "FAILED"]);

/**
 * @typedef {{ id: string, status: string, total: number, completed: number, portable: number, notPortable: number, failed: number, resultsCsvUrl: string }} JobProgress
 * @typedef {"live" | "polling"} Transport
 */

/**
 * Follows a job until its final status, calling `onUpdate` with each state; resolves with the final
 * one. Live first (the portabilityJobUpdates subscription over SSE, POST /graphql/stream); if that
 * fails in any way (no such endpoint, a network error, an error event, or a stream that ends before
 * the job does), it says so through `onTransport` and polls portabilityJob instead.
 * @param {string} id @param {Record<string, string>} headers
 * @param {{ onUpdate: (job: JobProgress) => void, onTransport: (transport: Transport, why?: string) => void }} callbacks
 * @returns {Promise<JobProgress>}
 */
export async function followJob(id, headers, { onUpdate, onTransport }) {
  onTransport("live");
  const live = await subscribe(id, headers, onUpdate);
  if (live.final !== null) return live.final;
  onTransport("polling", live.why);
  return poll(id, headers, onUpdate);
}

/**
 * @param {string} id @param {Record<string, string>} headers @param {(job: JobProgress) => void} onUpdate
 * @returns {Promise<{ final: JobProgress | null, why: string }>}
 */
function subscribe(id, headers, onUpdate) {
  // Distinct connections mode: one POST per subscription, nothing to reserve first. No retries: a
  // failure goes straight to polling instead of waiting out graphql-sse's backoff.
  const client = createClient({ url: "/graphql/stream", singleConnection: false, retryAttempts: 0, headers: () => headers });
  return new Promise((resolve) => {
    /** @type {JobProgress | null} */
    let last = null;
    const settle = (/** @type {string} */ why) => {
      client.dispose();
      resolve({ final: last !== null && FINAL_STATUSES.has(last.status) ? last : null, why });
    };
    client.subscribe(
      { query: UPDATES, variables: { id } },
      {
        next(result) {
          const job = /** @type {any} */ (result.data)?.portabilityJobUpdates;
          if (result.errors !== undefined || job == null) return settle(result.errors?.[0]?.message ?? "no update for this job");
          last = job;
          onUpdate(job);
        },
        error(error) {
          settle(describe(error));
        },
        complete() {
          settle("the stream ended before the job did");
        },
      },
    );
  });
}

/** @param {unknown} error */
function describe(error) {
  // graphql-sse hands over the Response itself when the server answered with an error status.
  const response = /** @type {any} */ (error)?.response;
  if (response instanceof Response) return `the server answered ${response.status}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * @param {string} id @param {Record<string, string>} headers @param {(job: JobProgress) => void} onUpdate
 * @returns {Promise<JobProgress>}
 */
async function poll(id, headers, onUpdate) {
  for (;;) {
    const job = (await graphql(JOB, { id }, headers)).portabilityJob;
    if (job == null) throw new PageError("The job is gone: the server no longer knows it (it may have restarted, and jobs in memory do not survive that).");
    onUpdate(job);
    if (FINAL_STATUSES.has(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
