import { Writable } from "node:stream";
import { createApp, type App } from "../../src/app.js";
import { readConfig } from "../../src/config/config.js";
import { createLogger } from "../../src/observability/logger.js";

export const STUB_ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
export const STUB_AUTH_TOKEN = "stub-auth-token-s3cr3t";

export interface TestApp {
  readonly url: string;
  readonly app: App;
  /** Every log line the app wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  readonly rawLogs: string[];
  close(): Promise<void>;
}

/** The real app on 127.0.0.1:0, its checks sent to `upstreamUrl`, its logs captured. */
export async function startTestApp(upstreamUrl: string, env: Record<string, string> = {}): Promise<TestApp> {
  const config = readConfig({
    HOST: "127.0.0.1",
    PORT: "0",
    TWILIO_ACCOUNT_SID: STUB_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: STUB_AUTH_TOKEN,
    UPSTREAM_RETRY_BASE_MS: "5",
    LOG_LEVEL: "debug",
    // Most suites count the upstream calls each request makes; the verdict-cache suites turn it on.
    CACHE_TTL_SECONDS: "0",
    ...env,
  });
  const rawLogs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      rawLogs.push(...chunk.toString("utf8").split("\n").filter((line) => line !== ""));
      done();
    },
  });
  // The production logger (redaction, masking), so every log assertion covers what reaches stdout.
  const logger = createLogger(config.logLevel, sink);
  const twilio = config.twilio!;
  const app = await createApp(config, { baseUrl: upstreamUrl, accountSid: twilio.accountSid, username: twilio.username, password: twilio.password }, logger);
  const address = await app.listen();
  return {
    url: `http://127.0.0.1:${address.port}/graphql`,
    app,
    rawLogs,
    get logs() {
      return rawLogs.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    close: () => app.close(),
  };
}
