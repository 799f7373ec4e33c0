import type { Logger } from "pino";
import type { UpstreamTarget } from "./datasources/twilio-portability-client.js";
import type { Config } from "./config/config.js";

export interface ResolvedUpstream {
  readonly target: UpstreamTarget;
  /** Stops the embedded sandbox, if one was started. */
  close(): Promise<void>;
}

/** Real Twilio when credentials are set; otherwise the sandbox, started in-process on loopback. */
export async function resolveUpstream(config: Config, logger: Logger): Promise<ResolvedUpstream> {
  if (config.twilio !== null) {
    const { baseUrl, accountSid, username, password } = config.twilio;
    return { target: { baseUrl, accountSid, username, password }, close: async () => {} };
  }
  // Loaded only here: the sandbox's numbering-plan data costs memory a real deployment never uses.
  const [{ startSandbox }, { SANDBOX_ACCOUNT_SID }] = await Promise.all([import("./sandbox/server.js"), import("./sandbox/accounts.js")]);
  const sandbox = await startSandbox(config.sandbox!);
  logger.warn(
    { sandboxUrl: sandbox.url, account: SANDBOX_ACCOUNT_SID },
    "No Twilio credentials set (TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN, or TWILIO_API_KEY + TWILIO_API_SECRET): " +
      "answering from the embedded Twilio sandbox, not real Twilio",
  );
  return {
    target: { baseUrl: sandbox.url, accountSid: SANDBOX_ACCOUNT_SID, username: SANDBOX_ACCOUNT_SID, password: config.sandbox!.authToken },
    close: () => sandbox.close(),
  };
}
