import { HeaderMap, type ApolloServer } from "@apollo/server";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Caller } from "../auth/api-key.js";
import { isStartJobOnly } from "../jobs/job-operation.js";
import type { DirectExecution } from "./direct-execution.js";
import { HttpError } from "./http-error.js";
import { readBody } from "./read-body.js";
import type { StopSignal } from "../scheduler/stop-signal.js";
import type { RequestContext } from "./request-context.js";
import type { RequestInfo } from "./http-app.js";
import type { Metrics } from "../observability/metrics.js";
import { newRequestRecord, type RequestRecord } from "./request-record.js";
import type { RequestLifetimes } from "./request-lifetimes.js";

export interface GraphQLHandlerOptions {
  readonly apollo: ApolloServer<RequestContext>;
  /** Answers a plain JSON POST of a valid document without Apollo's pipeline, else undefined (apollo.ts). */
  readonly executeDirectly?: DirectExecution;
  /** Authenticates and rate-limits the caller; throws HttpError (401/429) before any GraphQL work. */
  readonly admit: (request: IncomingMessage) => Promise<Caller>;
  readonly contextFor: (caller: Caller, info: RequestInfo, record: RequestRecord, lifetime: { readonly signal: StopSignal }) => RequestContext;
  /** Gives each request the signal that stops its checks (disconnect, REQUEST_TIMEOUT_MS, shutdown). */
  readonly lifetimes: RequestLifetimes;
  readonly maxBodyBytes: number;
  /**
   * The body limit of a request that is exactly one startPortabilityJob mutation (room for
   * MAX_JOB_SIZE numbers in its variables); every other request keeps maxBodyBytes.
   */
  readonly jobBodyBytes?: number;
  readonly metrics: Metrics;
  /** The app's logger: the one line per request is written through it (see logRequest). */
  readonly logger: Logger;
}

/**
 * node:http ⇄ GraphQL: caller gate, body, then the direct path for a plain JSON POST of a valid
 * document (direct-execution.ts) or Apollo for everything else (methods, CSRF, content negotiation,
 * every refusal's wording); one log line and one count either way.
 */
export function createGraphQLHandler(options: GraphQLHandlerOptions) {
  // The request line's fields are fixed and flat (ids, labels, numbers): no redact path can match them,
  // so it skips pino's redaction pass, a per-line cost in a profile. It keeps the serializers and the
  // base; requestId goes first, where the request's child logger would put it: the same bytes.
  const lineLogger = options.logger.child({}, { redact: { paths: [] } });
  return async (request: IncomingMessage, response: ServerResponse, info: RequestInfo): Promise<void> => {
    const started = performance.now();
    const caller = await options.admit(request);
    const method = (request.method ?? "GET").toUpperCase();
    let body: unknown;
    if (method === "POST") {
      // A larger body is read only as JSON, and refused once parsed unless it is a job submission:
      // such a body costs up to jobBodyBytes of memory while it is read, whatever it turns out to be.
      const json = isJson(request.headers["content-type"]);
      const limit = json ? Math.max(options.maxBodyBytes, options.jobBodyBytes ?? 0) : options.maxBodyBytes;
      const text = await readBody(request, limit);
      if (json && text !== "") {
        try {
          body = JSON.parse(text);
        } catch {
          throw new HttpError(400, "BAD_REQUEST", "Request body is not valid JSON");
        }
      } else {
        body = text;
      }
      if (Buffer.byteLength(text) > options.maxBodyBytes && !isStartJobOnly(body, options.maxBodyBytes)) {
        throw new HttpError(413, "PAYLOAD_TOO_LARGE", `Request body is larger than ${options.maxBodyBytes} bytes`, { connection: "close" });
      }
    }
    const record = newRequestRecord();
    const lifetime = options.lifetimes.start(response);
    const context = () => options.contextFor(caller, info, record, lifetime);
    let result;
    try {
      result = (method === "POST" ? await options.executeDirectly?.(body, request.headers, context) : undefined) ?? (await executeWithApollo(options.apollo, request, info, method, body, context));
    } finally {
      lifetime.end();
    }
    for (const [name, value] of result.headers) response.setHeader(name, value);
    if (result.body.kind === "complete") {
      const payload = "payload" in result.body ? result.body.payload : result.body.string;
      response.setHeader("content-length", Buffer.byteLength(payload));
      response.writeHead(result.status ?? 200);
      response.end(payload);
      // After the answer is on its way: formatting the line is not part of the client's wait.
      logRequest(lineLogger, options.metrics, info, caller, record, result.status ?? 200, started);
      return;
    }
    // Incremental delivery (@defer) is not enabled in this schema, but stream it correctly if it ever is.
    try {
      response.writeHead(result.status ?? 200);
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    } finally {
      logRequest(lineLogger, options.metrics, info, caller, record, result.status ?? 200, started);
    }
  };
}

/** node:http ⇄ Apollo's HTTPGraphQLRequest: everything the direct path hands back. */
function executeWithApollo(apollo: ApolloServer<RequestContext>, request: IncomingMessage, info: RequestInfo, method: string, body: unknown, context: () => RequestContext) {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return apollo.executeHTTPGraphQLRequest({
    // info.url is parsed on first use (http-app.ts); a bare /graphql has no query to parse.
    httpGraphQLRequest: { method, headers, search: request.url === "/graphql" ? "" : info.url.search, body },
    context: async () => context(),
  });
}

/** Exactly one line and one count per GraphQL request, whatever stage Apollo stopped at. */
export function logRequest(
  logger: Logger,
  metrics: Metrics,
  info: RequestInfo,
  caller: Caller,
  record: RequestRecord,
  status: number,
  started: number,
  message = "graphql request",
): void {
  const outcome = record.outcome ?? (status >= 500 ? "INTERNAL_SERVER_ERROR" : status >= 400 ? "BAD_REQUEST" : "ok");
  metrics.graphqlRequests.inc({ operation: record.operation, outcome });
  logger.info(
    {
      requestId: info.requestId,
      caller: caller.id,
      operation: record.operation,
      operationName: record.operationName,
      outcome,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    },
    message,
  );
}

function isJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const mediaType = contentType.split(";", 1)[0]!.trim().toLowerCase();
  return mediaType === "application/json" || mediaType.endsWith("+json");
}
