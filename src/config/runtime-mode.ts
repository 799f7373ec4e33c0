import { ConfigError } from "./config-error.js";
import { readBoolean, readChoice, type Env } from "./env-readers.js";
import type { TwilioCredentials } from "./twilio-credentials.js";

const NODE_ENVS = ["production", "development", "test"] as const;

/**
 * NODE_ENV decides introspection and error detail, so a typo ("prod", "Production") must not
 * quietly mean "development": anything but these three stops start-up. Unset is development.
 */
export function readProduction(env: Env): boolean {
  return readChoice(env, "NODE_ENV", NODE_ENVS, "development") === "production";
}

/**
 * Whether the embedded sandbox serves. Without credentials it does, except in production: there a
 * forgotten secret would have the service answer made-up verdicts to real callers, so it needs an
 * explicit SANDBOX=true. SANDBOX set against the credentials (true with them, false without) is a
 * contradiction and refused rather than guessed.
 */
export function readSandboxChoice(env: Env, twilio: TwilioCredentials | null, production: boolean): boolean {
  const requested = env.SANDBOX === undefined || env.SANDBOX.trim() === "" ? undefined : readBoolean(env, "SANDBOX", false);
  if (twilio !== null) {
    if (requested === true) throw new ConfigError("SANDBOX", "is true, but TWILIO_ACCOUNT_SID and its credentials are set: unset one of them");
    return false;
  }
  if (requested === true) return true;
  if (requested === false || production) {
    throw new ConfigError(
      "TWILIO_ACCOUNT_SID",
      `is not set (nor TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and TWILIO_API_SECRET), and ${requested === false ? "SANDBOX=false" : "NODE_ENV=production"}: ` +
        "set the Twilio credentials, or SANDBOX=true to serve the embedded sandbox's made-up answers",
    );
  }
  return true;
}
