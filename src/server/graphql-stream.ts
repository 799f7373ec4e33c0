import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema, type ValidationRule } from "graphql";
import { createHandler, type ExecutionPatchResult, type OperationArgs, type RequestParams, type Response as SseResponse } from "graphql-sse";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Caller } from "../auth/api-key.js";
import type { Logger } from "pino";
import type { Metrics } from "../observability/metrics.js";
import { CheckStopped } from "../checker/stop-reason.js";
import { formatError, isClientError } from "./format-error.js";
import type { RequestInfo } from "./http-app.js";
import { logRequest } from "./graphql-handler.js";
import { HttpError } from "./http-error.js";
import { readBody } from "./read-body.js";
import type { StopSignal } from "../scheduler/stop-signal.js";
import type { RequestContext } from "./request-context.js";
import { newRequestRecord, type RequestRecord } from "./request-record.js";

export const GRAPHQL_STREAM_PATH = "/graphql/stream";

/** Sent as an SSE comment while nothing changes, so proxies that cut idle connections keep this one. */
const HEARTBEAT_MS = 15_000;

export interface GraphQLStreamOptions {
  readonly schema: GraphQLSchema;
  /** The same gate as /graphql: 401 and 429 before any GraphQL work; each stream is one request. */
  readonly admit: (request: IncomingMessage) => Promise<Caller>;
  readonly contextFor: (caller: Caller, info: RequestInfo, record: RequestRecord, lifetime: { readonly signal: StopSignal }) => RequestContext;
  /** The rules /graphql validates with besides the served-operations one (depth, aliases, cost, introspection). */
  readonly validationRules: readonly ValidationRule[];
  readonly maxTokens: number;
  readonly maxBodyBytes: number;
  readonly metrics: Metrics;
  /** The process logger: one line per stream, as /graphql writes one per request. */
  readonly logger: Logger;
}

export interface GraphQLStream {
  readonly handle: (request: IncomingMessage, response: ServerResponse, info: RequestInfo) => Promise<void>;
  /** Streams open now. */
  readonly size: number;
  /**
   * Shutdown: cut every open stream. Cut, not completed: a completed stream tells graphql-sse's client
   * the subscription is over, where a cut one makes it reconnect (to another instance) or fall back.
   */
  closeAll(): void;
}

/**
 * Subscriptions over Server-Sent Events (graphql-sse, "distinct connections" mode: one stream per
 * operation, POST with a JSON body or GET with the query string, `Accept: text/event-stream`). Only
 * subscriptions: queries and mutations have /graphql, with its admission and limits. A request reads as
 *   method and Accept → caller gate → body within MAX_BODY_BYTES → parse (MAX_TOKENS) and validate
 *   (subscriptions only, plus /graphql's limits) → subscribe → events, masked like /graphql's errors.
 * The "single connection" mode is off: it keeps a registry of reserved streams in this process,
 * which a second instance behind the same load balancer would not have.
 */
export function createGraphQLStream(options: GraphQLStreamOptions): GraphQLStream {
  const rules = [...specifiedRules, subscriptionsOnlyRule, ...options.validationRules];
  const open = new Set<ServerResponse>();
  const sse = createHandler<IncomingMessage, StreamContext, ResolverContext>({
    // Distinct connections only (see above).
    authenticate: () => null,
    onSubscribe: (request, params) => prepare(options, rules, request.context, params),
    onNext: (_context, request, result) => masked(request.context, result),
  });

  async function handle(request: IncomingMessage, response: ServerResponse, info: RequestInfo): Promise<void> {
    const started = performance.now();
    const method = (request.method ?? "GET").toUpperCase();
    if (method !== "GET" && method !== "POST") {
      throw new HttpError(405, "METHOD_NOT_ALLOWED", `${GRAPHQL_STREAM_PATH} takes GET or POST`, { allow: "GET, POST" });
    }
    if (!(request.headers.accept ?? "").toLowerCase().includes("text/event-stream")) {
      throw new HttpError(406, "NOT_ACCEPTABLE", `${GRAPHQL_STREAM_PATH} answers Server-Sent Events: send Accept: text/event-stream (queries and mutations go to /graphql)`);
    }
    const caller = await options.admit(request);
    const body = method === "POST" ? await readBody(request, options.maxBodyBytes) : null;
    const stop = new AbortController();
    const record = newRequestRecord();
    const context: StreamContext = { request: options.contextFor(caller, info, record, stop), record, info };
    const [events, init] = await sse({
      method,
      url: request.url ?? GRAPHQL_STREAM_PATH,
      // graphql-sse compares Accept exactly; the check above already allowed lists and parameters.
      headers: { get: (name) => (name.toLowerCase() === "accept" ? "text/event-stream" : headerValue(request, name)) },
      body,
      raw: request,
      context,
    });
    const status = init?.status ?? 200;
    response.writeHead(status, { ...init?.headers, "x-accel-buffering": "no" });
    if (events === null || typeof events === "string") {
      response.end(events ?? undefined);
      logRequest(options.logger, options.metrics, info, caller, record, status, started, "graphql stream");
      return;
    }
    open.add(response);
    const heartbeat = setInterval(() => response.write(":\n\n"), HEARTBEAT_MS);
    // The client went away, or shutdown cut the stream: end the subscription (and its job polling).
    const onClose = () => {
      stop.abort(new CheckStopped("disconnected"));
      void events.return(undefined);
    };
    response.once("close", onClose);
    try {
      for await (const event of events) response.write(event);
      response.end();
    } finally {
      clearInterval(heartbeat);
      response.off("close", onClose);
      open.delete(response);
      logRequest(options.logger, options.metrics, info, caller, record, status, started, "graphql stream");
    }
  }

  return {
    handle,
    get size() {
      return open.size;
    },
    closeAll() {
      for (const response of open) response.destroy();
    },
  };
}

/** graphql-sse types an operation's context as a record; the resolvers' context is one. */
type ResolverContext = RequestContext & Record<PropertyKey, unknown>;

/** What graphql-sse carries per stream: the resolvers' context, and what the log line names. */
interface StreamContext {
  readonly request: RequestContext;
  readonly info: RequestInfo;
  /** Named once the document is valid (its root field: a metric label from the schema only), logged at the end. */
  readonly record: RequestRecord;
}

/** Parse within MAX_TOKENS and validate; refusals are HTTP 400 with /graphql's error shape. */
function prepare(options: GraphQLStreamOptions, rules: readonly ValidationRule[], context: StreamContext, params: RequestParams): SseResponse | OperationArgs<ResolverContext> {
  let document: DocumentNode;
  try {
    document = parse(params.query, { maxTokens: options.maxTokens });
  } catch (error) {
    return refused((error as GraphQLError).message, "GRAPHQL_PARSE_FAILED");
  }
  const errors = validate(options.schema, document, rules);
  if (errors.length > 0) return refused(errors.map((error) => error.message).join("; "), "GRAPHQL_VALIDATION_FAILED");
  context.record.operation = rootFieldOf(document) ?? "other";
  context.record.operationName = params.operationName ?? undefined;
  return {
    schema: options.schema,
    document,
    operationName: params.operationName,
    variableValues: params.variables,
    contextValue: context.request as ResolverContext,
  };
}

function refused(message: string, code: string): SseResponse {
  return [JSON.stringify({ errors: [{ message, extensions: { code } }] }), { status: 400, statusText: "Bad Request", headers: { "content-type": "application/json; charset=utf-8" } }];
}

/**
 * Errors reach the client as /graphql's formatError makes them: ours keep their message and code,
 * anything else is "Internal server error", logged here with the stream's request id.
 */
function masked(context: StreamContext, result: ExecutionResult | ExecutionPatchResult): ExecutionResult | ExecutionPatchResult | void {
  if (result.errors === undefined) return;
  for (const error of result.errors) {
    if (!isClientError(error)) context.info.logger.error({ err: error.originalError ?? error }, "subscription failed");
  }
  return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error) as GraphQLError) };
}

/** One subscription operation per stream: queries and mutations belong to /graphql. */
const subscriptionsOnlyRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== "subscription") {
      context.reportError(new GraphQLError(`${GRAPHQL_STREAM_PATH} serves subscriptions only: send ${node.operation}s to /graphql`, { nodes: node }));
    }
  },
});

function rootFieldOf(document: DocumentNode): string | null {
  for (const definition of document.definitions) {
    if (definition.kind !== "OperationDefinition") continue;
    const first = definition.selectionSet.selections[0];
    return first?.kind === "Field" ? first.name.value : null;
  }
  return null;
}

function headerValue(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name.toLowerCase()];
  return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
}
