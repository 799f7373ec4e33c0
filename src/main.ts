import "reflect-metadata";
import { createApp } from "./app.js";
import { ConfigError } from "./config/config-error.js";
import { readConfig, type Config } from "./config/config.js";
import { createLogger } from "./observability/logger.js";
import { resolveUpstream } from "./upstream.js";

function loadConfig(): Config {
  try {
    return readConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`portability-graphql: invalid configuration: ${error.message}\n`);
    process.exit(1);
  }
}

const config = loadConfig();
const logger = createLogger(config.logLevel);
const upstream = await resolveUpstream(config, logger);
const app = await createApp(config, upstream.target, logger);
const address = await app.listen();
logger.info({ url: `http://${address.address}:${address.port}/graphql`, sandbox: config.twilio === null }, "portability-graphql listening");

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  await app.close();
  await upstream.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
