import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Dispatcher } from "undici";
import { createAuthenticator } from "./auth/authenticate.js";
import { CallerRateLimits } from "./auth/rate-limits.js";
import type { Config } from "./config/config.js";
import { TwilioPortabilityClient } from "./datasources/twilio-portability-client.js";
import { createMetrics, type Metrics } from "./observability/metrics.js";
import { buildPortabilitySchema } from "./schema/index.js";
import { createApollo } from "./server/apollo.js";
import { createCallerGate } from "./server/caller-gate.js";
import { createContextFactory } from "./server/context-factory.js";
import { createGraphQLHandler } from "./server/graphql-handler.js";
import { createHttpApp } from "./server/http-app.js";
import { httpServerOptions, limitConnections } from "./server/http-server-options.js";

/** Where checks go: real Twilio, the embedded sandbox, or a test's stub. */
export interface UpstreamTarget {
  readonly baseUrl: string;
  /** The account checks are made for: Twilio's target when the caller gives none. */
  readonly accountSid: string;
  readonly username: string;
  readonly password: string;
  readonly dispatcher?: Dispatcher;
}

export interface App {
  readonly server: Server;
  readonly metrics: Metrics;
  readonly client: TwilioPortabilityClient;
  /** Listens on config.host:config.port (0: any free port) and resolves with the bound address. */
  listen(): Promise<AddressInfo>;
  /**
   * Graceful stop: /readyz turns 503, no new connections, in-flight requests finish (up to
   * SHUTDOWN_TIMEOUT_MS, then connections are cut), then Apollo and the upstream pool close.
   */
  close(): Promise<void>;
}

export async function createApp(config: Config, upstream: UpstreamTarget, logger: Logger): Promise<App> {
  const metrics = createMetrics();
  const client = new TwilioPortabilityClient({ ...config.upstream, ...upstream, breaker: config.breaker, observer: metrics.upstream });
  metrics.trackInFlight(() => client.inFlight);
  const apollo = createApollo({
    schema: await buildPortabilitySchema(),
    logger,
    http: config.http,
    limits: config.queryLimits,
    registry: metrics.registry,
  });
  await apollo.start();

  const rateLimits = new CallerRateLimits();
  const authenticate = config.auth.apiKeys === null ? null : createAuthenticator(config.auth.apiKeys, config.auth.defaultLimits);
  let draining = false;
  const handler = createHttpApp({
    logger,
    metrics,
    corsOrigins: config.http.corsOrigins,
    isDraining: () => draining,
    graphql: createGraphQLHandler({
      apollo,
      maxBodyBytes: config.http.maxBodyBytes,
      admit: createCallerGate(authenticate, rateLimits),
      metrics,
      contextFor: createContextFactory({
        checker: client,
        metrics,
        rateLimits,
        maxBatchSize: config.maxBatchSize,
        accountSid: upstream.accountSid,
        concurrency: config.upstream.concurrency,
      }),
    }),
  });
  const server = limitConnections(createServer(httpServerOptions(config.http), handler), config.http);
  // A response that ends while draining leaves a keep-alive connection idle: close it then, or the
  // client would hold shutdown open until SHUTDOWN_TIMEOUT_MS.
  server.on("request", (_request, response: ServerResponse) =>
    response.once("finish", () => {
      if (draining) setImmediate(() => server.closeIdleConnections());
    }),
  );

  let closing: Promise<void> | undefined;
  async function drainAndClose(): Promise<void> {
    draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), config.http.shutdownTimeoutMs);
    });
    const deadlinePassed = (await Promise.race([closed, timedOut])) === "timeout";
    if (deadlinePassed) {
      logger.warn({ shutdownTimeoutMs: config.http.shutdownTimeoutMs }, "requests still running at the shutdown deadline; closing their connections");
      server.closeAllConnections();
      await closed;
    }
    clearTimeout(timer);
    await apollo.stop();
    // Past the deadline nobody waits for upstream answers any more: abort them rather than wait out their timeouts.
    await (deadlinePassed ? client.destroy() : client.close());
  }

  return {
    server,
    metrics,
    client,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.port, config.host, () => resolve(server.address() as AddressInfo));
      }),
    close() {
      closing ??= drainAndClose();
      return closing;
    },
  };
}
