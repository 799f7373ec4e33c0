import type { Logger } from "pino";
import type { UpstreamTarget } from "./datasources/twilio-portability-client.js";
import type { Config } from "./config/config.js";

export interface ResolvedUpstream {
  readonly target: UpstreamTarget;
  readonly mode: "sandbox" | "twilio";
  /** Stops the embedded sandbox, if one was started. */
  close(): Promise<void>;
}

/**
 * What the start-up line says about the upstream, so an operator sees at a glance where checks go
 * and for whom: the mode, the base URL and the account, masked (AC12…cdef) because log pipelines
 * are wider audiences than the config. Never the username's secret half.
 */
export function describeUpstream(upstream: ResolvedUpstream): { mode: string; upstream: string; account: string } {
  const sid = upstream.target.accountSid;
  return { mode: upstream.mode, upstream: upstream.target.baseUrl, account: `${sid.slice(0, 4)}…${sid.slice(-4)}` };
}

/** Real Twilio when credentials are set; otherwise the sandbox, started in-process on loopback. */
export async function resolveUpstream(config: Config, logger: Logger): Promise<ResolvedUpstream> {
  if (config.twilio !== null) {
    const { baseUrl, accountSid, username, password } = config.twilio;
    return { target: { baseUrl, accountSid, username, password }, mode: "twilio", close: async () => {} };
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
    mode: "sandbox",
    close: () => sandbox.close(),
  };
}
