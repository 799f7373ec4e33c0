import { execute, type GraphQLResponse } from "./graphql-client.js";
import {
  PortabilityJobDocument,
  PortabilityJobResultsDocument,
  StartPortabilityJobDocument,
  type PortabilityJobFieldsFragment,
  type PortabilityJobResultsQuery,
  type StartPortabilityJobInput,
} from "../generated/operations.js";

export type JobView = PortabilityJobFieldsFragment;
export type ResultNode = NonNullable<PortabilityJobResultsQuery["portabilityJob"]>["results"]["edges"][number]["node"];

const FINAL = new Set(["COMPLETED", "CANCELLED", "FAILED"]);

/** Starts a job over GraphQL and returns the job, failing the test on any error. */
export async function startJob(url: string, input: StartPortabilityJobInput, headers: Record<string, string>): Promise<JobView> {
  const response = await execute(url, StartPortabilityJobDocument, { input }, headers);
  if (response.body.errors !== undefined) throw new Error(`startPortabilityJob failed: ${JSON.stringify(response.body.errors)}`);
  return response.body.data!.startPortabilityJob as JobView;
}

export function startJobResponse(url: string, input: StartPortabilityJobInput, headers: Record<string, string>): Promise<GraphQLResponse<unknown>> {
  return execute(url, StartPortabilityJobDocument, { input }, headers);
}

export async function getJob(url: string, id: string, headers: Record<string, string>): Promise<JobView | null> {
  const response = await execute(url, PortabilityJobDocument, { id }, headers);
  if (response.body.errors !== undefined) throw new Error(`portabilityJob failed: ${JSON.stringify(response.body.errors)}`);
  return (response.body.data!.portabilityJob as JobView | null) ?? null;
}

/** Polls the job until it is final, keeping every state seen (for monotonic progress assertions). */
export async function waitForEnd(url: string, id: string, headers: Record<string, string>, timeoutMs = 30_000): Promise<{ job: JobView; seen: JobView[] }> {
  const seen: JobView[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(url, id, headers);
    if (job === null) throw new Error(`job ${id} vanished`);
    seen.push(job);
    if (FINAL.has(job.status)) return { job, seen };
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} (${job.completed}/${job.total}) after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every result of the job, following endCursor, with the pages' sizes. */
export async function allResults(url: string, id: string, headers: Record<string, string>, first = 1000): Promise<{ nodes: ResultNode[]; pages: number[] }> {
  const nodes: ResultNode[] = [];
  const pages: number[] = [];
  let after: string | null = null;
  for (;;) {
    const response: GraphQLResponse<PortabilityJobResultsQuery> = await execute(url, PortabilityJobResultsDocument, { id, first, after }, headers);
    if (response.body.errors !== undefined) throw new Error(`results failed: ${JSON.stringify(response.body.errors)}`);
    const { results } = response.body.data!.portabilityJob!;
    nodes.push(...results.edges.map((edge) => edge.node));
    pages.push(results.edges.length);
    if (!results.pageInfo.hasNextPage) return { nodes, pages };
    after = results.pageInfo.endCursor!;
  }
}

/** Distinct valid US numbers, deterministic: +1415 555 then seven digits from `start`. */
export function distinctNumbers(count: number, start = 1_000_000): string[] {
  return Array.from({ length: count }, (_, index) => `+1415${start + index}`);
}
