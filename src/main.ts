// First: the V8 settings hold from the first allocations (and the first WebAssembly) of every module below.
import "./v8-flags.js";
import "reflect-metadata";
import { createApp, type App } from "./app.js";
import { ConfigError } from "./config/config-error.js";
import { readConfig, type Config } from "./config/config.js";
import { createLogger } from "./observability/logger.js";
import { graphqlUrl } from "./server/http-listen-url.js";
import { describeUpstream, resolveUpstream, type ResolvedUpstream } from "./upstream.js";

function loadConfig(): Config {
  try {
    return readConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`portability-graphql: invalid configuration: ${error.message}\n`);
    process.exit(1);
  }
}

/**
 * A port that is taken (or not ours to bind) is an operator's problem, not a crash: one line naming
 * HOST and PORT, the embedded sandbox stopped, exit 1. Anything else is a bug and keeps its stack.
 */
async function listenOrExit(app: App, upstream: ResolvedUpstream, config: Config) {
  try {
    return await app.listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EADDRINUSE" && code !== "EACCES" && code !== "EADDRNOTAVAIL") throw error;
    const reason = code === "EADDRINUSE" ? "the port is in use" : code === "EACCES" ? "permission denied" : "no such address on this machine";
    process.stderr.write(`portability-graphql: cannot listen on HOST=${config.host} PORT=${config.port}: ${reason} (${code})\n`);
    await upstream.close();
    process.exit(1);
  }
}

const config = loadConfig();
const logger = createLogger(config.logLevel);

// Registered before anything starts: a SIGTERM during start-up (a supervisor changing its mind, a
// test that is done) must end the process cleanly, not by the signal's default action.
let app: App | undefined;
let upstream: ResolvedUpstream | undefined;
let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  await app?.close();
  await upstream?.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));

upstream = await resolveUpstream(config, logger);
app = await createApp(config, upstream.target, logger);
const address = await listenOrExit(app, upstream, config);
const redis = app.shared.health();
logger.info(
  { url: graphqlUrl(address), ...describeUpstream(upstream), state: app.shared.mode, jobs: app.jobs.mode, ...(redis === null ? {} : { redis: redis.target }) },
  app.shared.mode === "memory"
    ? "portability-graphql listening (state in memory: cache and limits are this instance's own; bulk jobs do not survive a restart)"
    : "portability-graphql listening (state shared on Redis: cache, limits and upstream slots across instances; bulk jobs queued durably with BullMQ)",
);
