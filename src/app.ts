import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Dispatcher } from "undici";
import type { Config } from "./config/config.js";
import { createPortabilityLoader } from "./datasources/portability.loader.js";
import { TwilioPortabilityClient } from "./datasources/twilio-portability-client.js";
import { buildPortabilitySchema } from "./schema/index.js";
import { createApollo } from "./server/apollo.js";
import { createGraphQLHandler } from "./server/graphql-handler.js";
import { createHttpApp } from "./server/http-app.js";

/** Where checks go: real Twilio, the embedded sandbox, or a test's stub. */
export interface UpstreamTarget {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly dispatcher?: Dispatcher;
}

export interface App {
  readonly server: Server;
  /** Listens on config.host:config.port (0: any free port) and resolves with the bound address. */
  listen(): Promise<AddressInfo>;
  close(): Promise<void>;
}

/** Request bodies beyond this are refused (413): a full MAX_BATCH_SIZE batch needs far less. */
const MAX_BODY_BYTES = 1024 * 1024;

export async function createApp(config: Config, upstream: UpstreamTarget, logger: Logger): Promise<App> {
  const client = new TwilioPortabilityClient({ ...config.upstream, ...upstream });
  const apollo = createApollo(await buildPortabilitySchema(), logger);
  await apollo.start();
  const handler = createHttpApp({
    logger,
    graphql: createGraphQLHandler({
      apollo,
      maxBodyBytes: MAX_BODY_BYTES,
      contextFor: async () => ({ portability: createPortabilityLoader(client), maxBatchSize: config.maxBatchSize }),
    }),
  });
  const server = createServer({ requestTimeout: 60_000, headersTimeout: 20_000 }, handler);

  return {
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.port, config.host, () => resolve(server.address() as AddressInfo));
      }),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
      await client.close();
    },
  };
}
