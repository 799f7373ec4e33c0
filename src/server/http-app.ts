import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { sendError, sendJson } from "./http-responses.js";
import { BodyTooLargeError } from "./read-body.js";

export type RouteHandler = (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void> | void;

export interface HttpAppOptions {
  readonly graphql: RouteHandler;
  readonly logger: Logger;
}

/** The routes, and the last word on any error a route throws. */
export function createHttpApp(options: HttpAppOptions) {
  const routes: ReadonlyMap<string, RouteHandler> = new Map([
    ["/graphql", options.graphql],
    ["/healthz", (_request, response) => sendJson(response, 200, { status: "ok" })],
  ]);
  return (request: IncomingMessage, response: ServerResponse): void => {
    // Only the path and query matter; the base is never used for anything else.
    const url = new URL(request.url ?? "/", "http://localhost");
    const route = routes.get(url.pathname);
    if (route === undefined) {
      sendError(response, 404, "NOT_FOUND", `No route for ${url.pathname}`);
      return;
    }
    Promise.resolve()
      .then(() => route(request, response, url))
      .catch((error: unknown) => {
        if (error instanceof BodyTooLargeError) {
          // Closing is what stops a client that keeps sending; reading the rest would defeat the limit.
          sendError(response, 413, error.code, error.message, { connection: "close" });
          return;
        }
        options.logger.error({ err: error }, "request failed outside GraphQL");
        if (!response.headersSent) sendError(response, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
        else response.destroy();
      });
  };
}
