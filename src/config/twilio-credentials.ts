import { ConfigError } from "./config-error.js";
import { readString, type Env } from "./env-readers.js";

/** How this layer authenticates to Twilio (HTTP Basic). */
export interface TwilioCredentials {
  readonly accountSid: string;
  /** Account SID or API key SID. */
  readonly username: string;
  /** Auth token or API key secret. Never logged. */
  readonly password: string;
}

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const API_KEY_SID = /^SK[0-9a-fA-F]{32}$/;

/**
 * Account SID + auth token, or API key + secret with the account SID (Twilio's own variable names).
 * Null when none is set: the caller then falls back to the sandbox. A partial set is an error, never a
 * silent sandbox: someone who set TWILIO_ACCOUNT_SID meant real Twilio.
 */
export function readTwilioCredentials(env: Env): TwilioCredentials | null {
  const accountSid = readString(env, "TWILIO_ACCOUNT_SID");
  const authToken = readString(env, "TWILIO_AUTH_TOKEN");
  const apiKey = readString(env, "TWILIO_API_KEY");
  const apiSecret = readString(env, "TWILIO_API_SECRET");
  if ([accountSid, authToken, apiKey, apiSecret].every((value) => value === undefined)) return null;

  if (accountSid === undefined) {
    throw new ConfigError("TWILIO_ACCOUNT_SID", "is required with TWILIO_AUTH_TOKEN or TWILIO_API_KEY/TWILIO_API_SECRET");
  }
  if (!ACCOUNT_SID.test(accountSid)) throw new ConfigError("TWILIO_ACCOUNT_SID", "must be AC followed by 32 hex digits");
  if (apiKey !== undefined || apiSecret !== undefined) {
    if (apiKey === undefined) throw new ConfigError("TWILIO_API_KEY", "is required with TWILIO_API_SECRET");
    if (apiSecret === undefined) throw new ConfigError("TWILIO_API_SECRET", "is required with TWILIO_API_KEY");
    if (!API_KEY_SID.test(apiKey)) throw new ConfigError("TWILIO_API_KEY", "must be SK followed by 32 hex digits");
    return { accountSid, username: apiKey, password: apiSecret };
  }
  if (authToken === undefined) {
    throw new ConfigError("TWILIO_AUTH_TOKEN", "is required with TWILIO_ACCOUNT_SID (or set TWILIO_API_KEY and TWILIO_API_SECRET)");
  }
  return { accountSid, username: accountSid, password: authToken };
}
