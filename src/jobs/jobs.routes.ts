import type { IncomingMessage, ServerResponse } from "node:http";
import type { Caller } from "../auth/api-key.js";
import { HttpError } from "../server/http-error.js";
import type { RequestInfo, RouteHandler } from "../server/http-app.js";
import { sendJson } from "../server/http-responses.js";
import { readBody } from "../server/read-body.js";
import { jobJson } from "./job.json.js";
import { jobPath } from "./job-paths.js";
import { JobRequestError } from "./job-request.error.js";
import type { JobService, StartJobRequest } from "./job.service.js";
import { numbersFromCsv } from "./numbers-csv.js";
import { RESULTS_CSV_HEADER, csvLine, resultRow } from "./results-csv.js";

/** Results read from the store per write to the socket: one range read, ~100 KB of CSV. */
const CSV_PAGE = 1_000;

export interface JobsRoutesOptions {
  readonly jobs: JobService;
  /** The same gate as /graphql: API key, then the key's requests-per-minute. */
  readonly admit: (request: IncomingMessage) => Promise<Caller>;
  /** Room for MAX_JOB_SIZE numbers. */
  readonly maxBodyBytes: number;
}

const JOB = /^\/jobs\/([^/]+)$/;
const RESULTS = /^\/jobs\/([^/]+)\/results\.csv$/;

/**
 * POST /jobs (CSV or JSON) → 201 + Location; GET /jobs/{id} → the job; GET /jobs/{id}/results.csv →
 * every stored result in input order, streamed a page at a time. A job of another key is 404, like one
 * that does not exist.
 */
export function createJobsRoutes(options: JobsRoutesOptions): RouteHandler {
  const { jobs } = options;
  return async (request: IncomingMessage, response: ServerResponse, info: RequestInfo) => {
    const method = (request.method ?? "GET").toUpperCase();
    const path = info.url.pathname;
    const caller = await options.admit(request);
    if (path === "/jobs") {
      if (method !== "POST") throw new HttpError(405, "METHOD_NOT_ALLOWED", "POST a CSV or JSON body to /jobs", { allow: "POST" });
      const started = await start(jobs, caller, await startRequest(request, info, options.maxBodyBytes));
      sendJson(response, 201, jobJson(started), { location: jobPath(started.id) });
      return;
    }
    if (method !== "GET") throw new HttpError(405, "METHOD_NOT_ALLOWED", `${path} answers GET only`, { allow: "GET" });
    const id = decodeURIComponent((JOB.exec(path) ?? RESULTS.exec(path) ?? [])[1] ?? "");
    const job = id === "" ? null : await jobs.get(caller, id);
    if (job === null) throw new HttpError(404, "NOT_FOUND", "No job with this id for this API key");
    if (JOB.test(path)) {
      sendJson(response, 200, jobJson(job));
      return;
    }
    response.writeHead(200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="portability-job-${job.id}.csv"`,
      // The rows are those stored when the download started; a running job has more later.
      "x-job-status": job.status,
    });
    response.write(csvLine(RESULTS_CSV_HEADER));
    for (let offset = 0; offset < job.completed && !response.destroyed; offset += CSV_PAGE) {
      const page = await jobs.results(job, offset, CSV_PAGE);
      // Backpressure: a slow client holds one page in memory, never the file.
      if (!response.write(page.map(resultRow).join(""))) await drainedOrClosed(response);
    }
    response.end();
  };
}

/** Resolves when the socket can take more or the client is gone; leaves no listener behind (one wait per page). */
function drainedOrClosed(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.on("drain", done);
    response.on("close", done);
  });
}

async function start(jobs: JobService, caller: Caller, request: StartJobRequest) {
  try {
    return await jobs.start(caller, request);
  } catch (error) {
    if (error instanceof JobRequestError) throw new HttpError(error.status, error.code, error.message);
    throw error;
  }
}

/** CSV: the numbers in the body, the rest from the query string (and Idempotency-Key). JSON: the mutation's input fields. */
async function startRequest(request: IncomingMessage, info: RequestInfo, maxBodyBytes: number): Promise<StartJobRequest> {
  const mediaType = (request.headers["content-type"] ?? "").split(";", 1)[0]!.trim().toLowerCase();
  const text = await readBody(request, maxBodyBytes);
  const header = request.headers["idempotency-key"];
  if (mediaType === "text/csv") {
    const query = info.url.searchParams;
    return {
      phoneNumbers: parse(() => numbersFromCsv(text)),
      targetAccountSid: query.get("targetAccountSid"),
      addressSid: query.get("addressSid"),
      defaultCountry: query.get("defaultCountry"),
      idempotencyKey: typeof header === "string" ? header : query.get("idempotencyKey"),
      webhookUrl: query.get("webhookUrl"),
    };
  }
  if (mediaType !== "application/json") throw new HttpError(415, "UNSUPPORTED_MEDIA_TYPE", "POST /jobs takes text/csv or application/json");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, "BAD_REQUEST", "Request body is not valid JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badInput("the body must be a JSON object with phoneNumbers");
  const fields = body as Record<string, unknown>;
  if (!Array.isArray(fields.phoneNumbers) || !fields.phoneNumbers.every((value) => typeof value === "string")) {
    throw badInput("phoneNumbers must be a list of strings");
  }
  const optional = (name: string): string | null => {
    const value = fields[name];
    if (value === undefined || value === null) return null;
    if (typeof value !== "string") throw badInput(`${name} must be a string`);
    return value;
  };
  return {
    phoneNumbers: fields.phoneNumbers as string[],
    targetAccountSid: optional("targetAccountSid"),
    addressSid: optional("addressSid"),
    defaultCountry: optional("defaultCountry"),
    idempotencyKey: optional("idempotencyKey") ?? (typeof header === "string" ? header : null),
    webhookUrl: optional("webhookUrl"),
  };
}

function parse(read: () => string[]): string[] {
  try {
    return read();
  } catch (error) {
    if (error instanceof JobRequestError) throw new HttpError(error.status, error.code, error.message);
    throw error;
  }
}

function badInput(message: string): HttpError {
  return new HttpError(400, "BAD_USER_INPUT", message);
}
