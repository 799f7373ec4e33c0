import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { createAuthenticator } from "./auth/authenticate.js";
import { CallerRateLimits } from "./auth/rate-limits.js";
import type { Config } from "./config/config.js";
import { createChecker, type Checker } from "./checker/create-checker.js";
import type { UpstreamTarget } from "./datasources/twilio-portability-client.js";
import { createMetrics, type Metrics } from "./observability/metrics.js";
import { buildPortabilitySchema } from "./schema/index.js";
import { createApollo } from "./server/apollo.js";
import { createCallerGate } from "./server/caller-gate.js";
import { createContextFactory } from "./server/context-factory.js";
import { createGraphQLHandler } from "./server/graphql-handler.js";
import { createHttpApp } from "./server/http-app.js";
import { RequestLifetimes } from "./server/request-lifetimes.js";
import { httpServerOptions, limitConnections } from "./server/http-server-options.js";

/** After stopping the requests at the shutdown deadline, how long their responses get to reach the clients. */
const FLUSH_AFTER_STOP_MS = 2_000;

export type { UpstreamTarget };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface App {
  readonly server: Server;
  readonly metrics: Metrics;
  readonly checker: Checker;
  /** Listens on config.host:config.port (0: any free port) and resolves with the bound address. */
  listen(): Promise<AddressInfo>;
  /**
   * Graceful stop: /readyz turns 503 while requests are still served for SHUTDOWN_GRACE_MS, then no
   * new connections and in-flight requests finish; at SHUTDOWN_TIMEOUT_MS their unfinished checks end
   * SHUTTING_DOWN and every response is sent with what was done. Then Apollo and the pool close.
   */
  close(): Promise<void>;
}

export async function createApp(config: Config, upstream: UpstreamTarget, logger: Logger): Promise<App> {
  const metrics = createMetrics();
  const checker = createChecker(config, upstream, { observer: metrics.upstream, logger });
  metrics.trackScheduler(checker.scheduler);
  const lifetimes = new RequestLifetimes(config.http.requestDeadlineMs);
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
      lifetimes,
      contextFor: createContextFactory({
        checker,
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
    // Still accepting: a load balancer polling /readyz sees 503 and stops sending before we stop listening.
    await sleep(config.http.shutdownGraceMs);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadlinePassed = (await Promise.race([closed, sleep(config.http.shutdownTimeoutMs).then(() => "timeout" as const)])) === "timeout";
    if (deadlinePassed) {
      logger.warn({ shutdownTimeoutMs: config.http.shutdownTimeoutMs, requests: lifetimes.size }, "requests still running at the shutdown deadline; answering them with what is done");
      // Their unfinished checks end SHUTTING_DOWN at once and the responses go out complete; only a
      // client that does not read its response is cut.
      lifetimes.stopAll();
      if ((await Promise.race([closed, sleep(FLUSH_AFTER_STOP_MS).then(() => "timeout" as const)])) === "timeout") {
        server.closeAllConnections();
        await closed;
      }
    }
    await apollo.stop();
    // Past the deadline nobody waits for upstream answers any more: abort them rather than wait out their timeouts.
    await (deadlinePassed ? checker.destroy() : checker.close());
  }

  return {
    server,
    metrics,
    checker,
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
