import cors from "cors";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Metrics } from "../observability/metrics.js";
import { GRAPHIQL_ASSET_PREFIX, wantsGraphiQL, type GraphiQLRoutes } from "./graphiql.js";
import { sendFavicon } from "./favicon.js";
import { GRAPHQL_STREAM_PATH } from "./graphql-stream.js";
import { HttpError } from "./http-error.js";
import { sendError, sendJson } from "./http-responses.js";
import { WEB_PAGE_ASSET_PREFIX, type WebPageRoutes } from "./web-page.js";

/** Per-request facts every route gets. */
export interface RequestInfo {
  readonly url: URL;
  readonly requestId: string;
  readonly logger: Logger;
}

export type RouteHandler = (request: IncomingMessage, response: ServerResponse, info: RequestInfo) => Promise<void> | void;

export interface HttpAppOptions {
  readonly graphql: RouteHandler;
  /** /graphql/stream: subscriptions over Server-Sent Events. */
  readonly stream?: RouteHandler;
  /** /jobs and everything under it (bulk jobs over plain HTTP). */
  readonly jobs?: RouteHandler;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly corsOrigins: readonly string[];
  /** True once shutdown began: /readyz answers 503 and connections are not kept alive. */
  readonly isDraining: () => boolean;
  /** The body of a 200 /readyz (e.g. shared state degraded but serving). */
  readonly readiness?: () => Record<string, unknown>;
  /** GraphiQL for a browser's GET /graphql, its bundle under /graphiql/. */
  readonly graphiql?: GraphiQLRoutes;
  /** The page at / and its bundle under /page/. */
  readonly webPage?: WebPageRoutes;
}

/**
 * A caller may correlate with its own id; anything else gets a fresh one. It is logged, so keep it
 * tame: short, plain characters, and nothing that could be a phone number. Callers put numbers in
 * ids with punctuation too ("1-415-555-0100", "415.555.0100"), so the rule counts digits across
 * separators: six in a row, or seven joined only by phone punctuation, are refused. A UUID passes
 * unless one of its groups happens to be such a run.
 */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const PHONE_LIKE = /\d{6}|\d(?:[\s().+-]*\d){6}/;

const GRAPHQL_PATH = "/graphql";

export function acceptableRequestId(given: string | string[] | undefined): given is string {
  return typeof given === "string" && REQUEST_ID.test(given) && !PHONE_LIKE.test(given);
}

/** The routes, CORS, request ids, and the last word on any error a route throws. */
export function createHttpApp(options: HttpAppOptions) {
  const { metrics } = options;
  const corsMiddleware =
    options.corsOrigins.length === 0
      ? null
      : cors({
          origin: [...options.corsOrigins],
          methods: ["GET", "POST"],
          allowedHeaders: ["authorization", "content-type", "apollo-require-preflight", "x-apollo-operation-name", "x-request-id"],
          exposedHeaders: ["x-request-id", "retry-after"],
          maxAge: 600,
        });
  const routes: ReadonlyMap<string, RouteHandler> = new Map<string, RouteHandler>([
    ["/graphql", withCors(corsMiddleware, options.graphql)],
    ...(options.stream === undefined ? [] : [[GRAPHQL_STREAM_PATH, withCors(corsMiddleware, options.stream)] as const]),
    ["/favicon.ico", sendFavicon],
    ["/healthz", (_request, response) => sendJson(response, 200, { status: "ok" })],
    [
      "/readyz",
      (_request, response) =>
        options.isDraining() ? sendJson(response, 503, { status: "draining" }) : sendJson(response, 200, options.readiness?.() ?? { status: "ready" }),
    ],
    [
      "/metrics",
      async (_request, response) => {
        const text = await metrics.registry.metrics();
        response.writeHead(200, { "content-type": metrics.registry.contentType });
        response.end(text);
      },
    ],
  ]);

  return (request: IncomingMessage, response: ServerResponse): void => {
    const given = request.headers["x-request-id"];
    const requestId = acceptableRequestId(given) ? given : randomUUID();
    response.setHeader("x-request-id", requestId);
    if (options.isDraining()) response.setHeader("connection", "close");
    // Only the path and query matter; the base is never used for anything else.
    const target = request.url ?? "/";
    let parsed: URL | undefined;
    const url = () => (parsed ??= new URL(target, "http://localhost"));
    // Parsed on first use: "/graphql" itself, what every POST asks, is its own path with no query.
    const pathname = target === GRAPHQL_PATH ? GRAPHQL_PATH : url().pathname;
    // Made on first use: most requests log one line, which graphql-handler.ts writes without a child.
    let child: Logger | undefined;
    const logger = () => (child ??= options.logger.child({ requestId }));
    const { graphiql } = options;
    if (graphiql !== undefined) {
      if (pathname === "/graphql" && wantsGraphiQL(request)) return graphiql.page(request, response);
      if (pathname.startsWith(GRAPHIQL_ASSET_PREFIX)) return graphiql.asset(request, response, pathname);
    }
    const { webPage } = options;
    if (webPage !== undefined) {
      if (pathname === "/") return webPage.page(request, response);
      if (pathname.startsWith(WEB_PAGE_ASSET_PREFIX)) return webPage.asset(request, response, pathname);
    }
    const route = routes.get(pathname) ?? (options.jobs !== undefined && isJobsPath(pathname) ? options.jobs : undefined);
    if (route === undefined) {
      sendError(response, 404, "NOT_FOUND", `No route for ${pathname}`);
      return;
    }
    Promise.resolve()
      .then(() =>
        route(request, response, {
          get url() {
            return url();
          },
          requestId,
          get logger() {
            return logger();
          },
        }),
      )
      .catch((error: unknown) => {
        if (error instanceof HttpError) {
          metrics.graphqlRequests.inc({ operation: "none", outcome: error.code });
          logger().info({ status: error.status, outcome: error.code }, "request refused");
          if (!response.headersSent) sendError(response, error.status, error.code, error.message, error.headers);
          return;
        }
        logger().error({ err: error }, "request failed outside GraphQL");
        if (!response.headersSent) sendError(response, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
        else response.destroy();
      });
  };
}

function isJobsPath(pathname: string): boolean {
  return pathname === "/jobs" || pathname.startsWith("/jobs/");
}

type Middleware = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/** CORS answers preflights itself and decorates the rest; with no CORS_ORIGINS it is not there at all. */
function withCors(middleware: Middleware | null, route: RouteHandler): RouteHandler {
  if (middleware === null) return route;
  return (request, response, info) =>
    new Promise<void>((resolve, reject) => {
      middleware(request, response, (error) => (error === undefined ? resolve(route(request, response, info)) : reject(error)));
      // A preflight is answered inside the middleware and never reaches next().
      response.once("finish", () => resolve());
    });
}
