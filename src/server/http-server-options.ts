import type { Server, ServerOptions } from "node:http";
import type { HttpConfig } from "../config/security-config.js";

/**
 * node:http enforces headersTimeout and requestTimeout only when it sweeps its connections, every
 * connectionsCheckingInterval (30 s by default): a 20 s header timeout then closed slow sockets after
 * 30–50 s. Sweeping every second (sooner for sub-second timeouts) keeps each timeout to within a
 * second of its setting; a sweep walks the open connections, cheap at MAX_CONNECTIONS sockets.
 */
export function httpServerOptions(http: HttpConfig): ServerOptions {
  return {
    headersTimeout: http.headersTimeoutMs,
    requestTimeout: http.requestTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1_000, http.headersTimeoutMs),
  };
}

/** Beyond MAX_CONNECTIONS node:http closes a new socket at once instead of letting it queue for memory. */
export function limitConnections(server: Server, http: HttpConfig): Server {
  server.maxConnections = http.maxConnections;
  return server;
}
