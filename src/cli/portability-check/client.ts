import { InterruptedError, RequestError } from "./errors.js";
import { CANCEL_JOB, CHECK, JOB, JOB_RESULTS, RESULTS_PAGE, START_JOB } from "./operations.js";
import type { ResultNode } from "./result-node.js";
import type { JobStatus } from "../../jobs/job.js";

export interface Server {
  /** The GraphQL endpoint. */
  readonly url: string;
  /** Sent as `Authorization: Bearer …`; null sends no Authorization (a server without API_KEYS_FILE). */
  readonly apiKey: string | null;
}

/** What every number is checked for; null leaves the argument out. */
export interface CheckTarget {
  readonly targetAccountSid: string | null;
  readonly addressSid: string | null;
  readonly defaultCountry: string | null;
}

export interface JobProgress {
  readonly id: string;
  readonly status: JobStatus;
  readonly total: number;
  readonly completed: number;
  readonly portable: number;
  readonly notPortable: number;
  readonly failed: number;
}

export interface ResultsPage {
  readonly nodes: ResultNode[];
  /** Null on the last page. */
  readonly after: string | null;
}

/**
 * Well above the server's own request deadline (REQUEST_TIMEOUT_MS, 30 s by default), which answers
 * a slow number with UPSTREAM_TIMEOUT: reaching this means the server itself is stuck.
 */
const REQUEST_TIMEOUT_MS = 120_000;

/** What a refusal's message gains, by GraphQL error code: the step the person at the terminal can take. */
const HINTS: Readonly<Record<string, string>> = {
  UNAUTHENTICATED: "give a valid key with --api-key or PORTABILITY_API_KEY",
  FORBIDDEN: "this API key may not check for that --target",
};

interface GraphQLBody {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: ReadonlyArray<{ readonly message?: unknown; readonly extensions?: { readonly code?: unknown } }>;
}

/** The portability API over GraphQL-over-HTTP (global fetch), one method per operation the CLI sends. */
export class PortabilityClient {
  /** The URL as messages show it: no user, password or query string, which may hold secrets. */
  private readonly shownUrl: string;

  constructor(private readonly server: Server) {
    const shown = new URL(server.url);
    shown.username = "";
    shown.password = "";
    shown.search = "";
    this.shownUrl = shown.href;
  }

  async check(phoneNumbers: readonly string[], target: CheckTarget, signal: AbortSignal): Promise<ResultNode[]> {
    const data = await this.request(CHECK, { phoneNumbers, ...target }, signal);
    return data.portabilities as ResultNode[];
  }

  async startJob(phoneNumbers: readonly string[], target: CheckTarget, signal: AbortSignal): Promise<JobProgress> {
    const data = await this.request(START_JOB, { input: { phoneNumbers, ...target } }, signal);
    return data.startPortabilityJob as JobProgress;
  }

  async job(id: string, signal: AbortSignal): Promise<JobProgress> {
    const data = await this.request(JOB, { id }, signal);
    // Null: expired, or lost with the memory of a restarted server.
    if (data.portabilityJob == null) throw new RequestError("JOB_NOT_FOUND", `job ${id} is gone from ${this.shownUrl}`);
    return data.portabilityJob as JobProgress;
  }

  async resultsPage(id: string, after: string | null, signal: AbortSignal): Promise<ResultsPage> {
    const data = await this.request(JOB_RESULTS, { id, first: RESULTS_PAGE, after }, signal);
    const job = data.portabilityJob as { results: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: ResultNode }[] } } | null;
    if (job == null) throw new RequestError("JOB_NOT_FOUND", `job ${id} is gone from ${this.shownUrl}`);
    const { pageInfo, edges } = job.results;
    return { nodes: edges.map((edge) => edge.node), after: pageInfo.hasNextPage ? pageInfo.endCursor : null };
  }

  async cancel(id: string, signal: AbortSignal): Promise<JobProgress | null> {
    const data = await this.request(CANCEL_JOB, { id }, signal);
    return (data.cancelPortabilityJob as JobProgress | null) ?? null;
  }

  /**
   * One POST. Any GraphQL error fails the whole request: the CLI's operations have no field that
   * may fail on its own (a number's failure is a PortabilityCheckError result, not an error).
   */
  private async request(query: string, variables: Record<string, unknown>, signal: AbortSignal): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      ...(this.server.apiKey === null ? {} : { authorization: `Bearer ${this.server.apiKey}` }),
    };
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.server.url, {
        method: "POST",
        headers,
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
      text = await response.text();
    } catch (error) {
      throw this.transportError(error, signal);
    }
    const body = parseBody(text);
    const first = body?.errors?.[0];
    if (first !== undefined) {
      const code = typeof first.extensions?.code === "string" ? first.extensions.code : `HTTP_${response.status}`;
      const retryAfter = response.headers.get("retry-after");
      const details = [typeof first.message === "string" ? first.message : "no message", HINTS[code], retryAfter === null ? undefined : `retry after ${retryAfter} s`];
      throw new RequestError(code, `${this.shownUrl} refused the request (${code}): ${details.filter((part) => part !== undefined).join("; ")}`);
    }
    if (!response.ok || body?.data == null) {
      throw new RequestError(`HTTP_${response.status}`, `${this.shownUrl} answered HTTP ${response.status} without a GraphQL result`);
    }
    return body.data;
  }

  private transportError(error: unknown, signal: AbortSignal): Error {
    if (signal.aborted) return new InterruptedError("interrupted");
    if (error instanceof DOMException && error.name === "TimeoutError") {
      return new RequestError("TIMEOUT", `${this.shownUrl} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`);
    }
    // fetch wraps the socket's error (ECONNREFUSED, ENOTFOUND, …) as its cause.
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const code = typeof cause?.code === "string" ? cause.code : "CONNECTION_FAILED";
    // Never fetch's own message: some quote the URL it was given.
    const reason = typeof cause?.message === "string" ? cause.message : (error as Error).name;
    return new RequestError(code, `cannot reach ${this.shownUrl}: ${reason}`);
  }
}

function parseBody(text: string): GraphQLBody | null {
  try {
    const body = JSON.parse(text) as unknown;
    return typeof body === "object" && body !== null ? (body as GraphQLBody) : null;
  } catch {
    return null;
  }
}
