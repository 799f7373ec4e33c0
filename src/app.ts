import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { createAuthenticator } from "./auth/authenticate.js";
import { CallerRateLimits } from "./auth/rate-limits.js";
import type { Config } from "./config/config.js";
import { createChecker, type Checker } from "./checker/create-checker.js";
import { createVerdictCache } from "./cache/create-verdict-cache.js";
import { credentialsFingerprint } from "./cache/verdict-key.js";
import { createSharedState, type SharedState } from "./redis/shared-state.js";
import type { UpstreamTarget } from "./datasources/twilio-portability-client.js";
import { createMetrics, type Metrics } from "./observability/metrics.js";
import { buildPortabilitySchema } from "./schema/index.js";
import { createApollo } from "./server/apollo.js";
import { createCallerGate } from "./server/caller-gate.js";
import { createContextFactory } from "./server/context-factory.js";
import { createGraphQLHandler } from "./server/graphql-handler.js";
import { createHttpApp } from "./server/http-app.js";
import { createJobs, type Jobs } from "./jobs/create-jobs.js";
import { createJobsRoutes } from "./jobs/jobs.routes.js";
import { createGraphiQL } from "./server/graphiql.js";
import { createWebPage } from "./server/web-page.js";
import { createGraphQLStream } from "./server/graphql-stream.js";
import { queryArmor } from "./server/query-armor.js";
import { RequestLifetimes } from "./server/request-lifetimes.js";
import { httpServerOptions, limitConnections } from "./server/http-server-options.js";

/** After stopping the requests at the shutdown deadline, how long their responses get to reach the clients. */
const FLUSH_AFTER_STOP_MS = 2_000;
/** How long start-up waits for Redis before serving degraded (it connects later by itself). */
const REDIS_CONNECT_WAIT_MS = 2_000;

export type { UpstreamTarget };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface App {
  readonly server: Server;
  readonly metrics: Metrics;
  readonly checker: Checker;
  /** Memory or Redis, and Redis's health. */
  readonly shared: SharedState;
  /** Bulk jobs: in memory, or on Redis with BullMQ. */
  readonly jobs: Jobs;
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
  const shared = await createSharedState(config, logger);
  await shared.connected(REDIS_CONNECT_WAIT_MS);
  const reportRedisError = (error: unknown) => shared.connection?.reportError(error);
  const cache = createVerdictCache(
    config.cache,
    shared.store === null
      ? null
      : { ...shared.store, credentialsFingerprint: credentialsFingerprint(upstream.username), onError: reportRedisError },
  );
  const checker = createChecker(config, upstream, {
    observer: metrics.upstream,
    logger,
    cache,
    redis: shared.store === null ? undefined : { ...shared.store, onError: reportRedisError },
  });
  metrics.trackScheduler(checker.scheduler);
  // The cluster slots turn "shared" once their own Redis connection is up: give it the same start-up wait.
  for (let waited = 0; shared.health()?.state === "ready" && checker.scheduler.sharedState === "local" && waited < REDIS_CONNECT_WAIT_MS; waited += 10) {
    await sleep(10);
  }
  metrics.trackSharedState(() => shared.health());
  const lifetimes = new RequestLifetimes(config.http.requestDeadlineMs);
  const rateLimits = new CallerRateLimits(shared.store);
  const jobs = await createJobs(config, { checker, rateLimits, accountSid: upstream.accountSid, logger });
  const schema = await buildPortabilitySchema(jobs.service);
  const { apollo, executeDirectly } = createApollo({
    schema,
    logger,
    http: config.http,
    limits: config.queryLimits,
    registry: metrics.registry,
  });
  await apollo.start();

  const authenticate = config.auth.apiKeys === null ? null : createAuthenticator(config.auth.apiKeys, config.auth.defaultLimits);
  const admit = createCallerGate(authenticate, rateLimits);
  const contextFor = createContextFactory({
    checker,
    metrics,
    rateLimits,
    maxBatchSize: config.maxBatchSize,
    accountSid: upstream.accountSid,
    concurrency: config.upstream.concurrency,
  });
  const stream = createGraphQLStream({
    schema,
    admit,
    contextFor,
    validationRules: queryArmor(config.queryLimits, config.http).validationRules,
    maxTokens: config.queryLimits.maxTokens,
    maxBodyBytes: config.http.maxBodyBytes,
    metrics,
    logger,
  });
  let draining = false;
  const handler = createHttpApp({
    logger,
    metrics,
    corsOrigins: config.http.corsOrigins,
    graphiql: createGraphiQL({ enabled: config.http.introspection }),
    webPage: createWebPage(),
    isDraining: () => draining,
    readiness: () => readiness(shared, checker),
    graphql: createGraphQLHandler({
      apollo,
      executeDirectly,
      maxBodyBytes: config.http.maxBodyBytes,
      jobBodyBytes: config.jobs.maxBodyBytes,
      admit,
      metrics,
      logger,
      lifetimes,
      contextFor,
    }),
    stream: stream.handle,
    jobs: createJobsRoutes({ jobs: jobs.service, admit, maxBodyBytes: config.jobs.maxBodyBytes }),
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
    // Open subscription streams never end by themselves: cut them now, so their clients reconnect elsewhere.
    stream.closeAll();
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
    // Running jobs stop at their next check: on Redis they are handed back for the next worker.
    await jobs.close();
    // Past the deadline nobody waits for upstream answers any more: abort them rather than wait out their timeouts.
    await (deadlinePassed ? checker.destroy() : checker.close());
    await shared.close();
  }

  return {
    server,
    metrics,
    checker,
    shared,
    jobs,
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

/**
 * What /readyz says besides "ready": the state mode, and Redis's health when there is one. A degraded
 * Redis keeps the instance ready (checks are still answered, only sharing is lost), so it stays 200.
 */
function readiness(shared: SharedState, checker: Checker): Record<string, unknown> {
  const health = shared.health();
  if (health === null) return { status: "ready", state: "memory" };
  const slots = checker.scheduler.sharedState;
  return {
    status: health.state === "ready" && slots !== "local" ? "ready" : "degraded",
    state: "redis",
    redis: { state: health.state, lastErrorCode: health.lastErrorCode },
    // "shared": the upstream cap holds across instances; "local": each instance is on its own cap.
    upstreamSlots: slots,
  };
}
