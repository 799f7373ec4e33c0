import { HeaderMap, type ApolloServer } from "@apollo/server";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendError } from "./http-responses.js";
import { readBody } from "./read-body.js";
import type { RequestContext } from "./request-context.js";

export interface GraphQLHandlerOptions {
  readonly apollo: ApolloServer<RequestContext>;
  readonly contextFor: (request: IncomingMessage) => Promise<RequestContext>;
  readonly maxBodyBytes: number;
}

/** node:http ⇄ Apollo's HTTPGraphQLRequest. Apollo decides methods, CSRF and content negotiation. */
export function createGraphQLHandler(options: GraphQLHandlerOptions) {
  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    const method = (request.method ?? "GET").toUpperCase();
    let body: unknown;
    if (method === "POST") {
      const text = await readBody(request, options.maxBodyBytes);
      if (isJson(request.headers["content-type"]) && text !== "") {
        try {
          body = JSON.parse(text);
        } catch {
          return sendError(response, 400, "BAD_REQUEST", "Request body is not valid JSON");
        }
      } else {
        body = text;
      }
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search: url.search, body },
      context: () => options.contextFor(request),
    });
    const responseHeaders: Record<string, string> = {};
    for (const [name, value] of result.headers) responseHeaders[name] = value;
    if (result.body.kind === "complete") {
      responseHeaders["content-length"] = String(Buffer.byteLength(result.body.string));
      response.writeHead(result.status ?? 200, responseHeaders);
      response.end(result.body.string);
      return;
    }
    // Incremental delivery (@defer) is not enabled in this schema, but stream it correctly if it ever is.
    response.writeHead(result.status ?? 200, responseHeaders);
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  };
}

function isJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const mediaType = contentType.split(";", 1)[0]!.trim().toLowerCase();
  return mediaType === "application/json" || mediaType.endsWith("+json");
}
