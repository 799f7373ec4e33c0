import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/config/config-error.js";
import { readTwilioCredentials } from "../../../src/config/twilio-credentials.js";

const SID = "AC0123456789abcdef0123456789abcdef";
const KEY = "SK0123456789ABCDEF0123456789abcdef";

function thrown(read: () => unknown): ConfigError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError, nothing was thrown");
}

describe("readTwilioCredentials", () => {
  it("is null when no Twilio variable is set", () => {
    expect(readTwilioCredentials({})).toBeNull();
  });

  it("is null when every Twilio variable is empty or blank", () => {
    expect(readTwilioCredentials({ TWILIO_ACCOUNT_SID: "", TWILIO_AUTH_TOKEN: " ", TWILIO_API_KEY: "", TWILIO_API_SECRET: "\t" })).toBeNull();
  });

  it("authenticates as the account SID with the auth token", () => {
    expect(readTwilioCredentials({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "token" })).toEqual({
      accountSid: SID,
      username: SID,
      password: "token",
    });
  });

  it("authenticates as the API key with its secret when key, secret and SID are set", () => {
    expect(readTwilioCredentials({ TWILIO_ACCOUNT_SID: SID, TWILIO_API_KEY: KEY, TWILIO_API_SECRET: "secret" })).toEqual({
      accountSid: SID,
      username: KEY,
      password: "secret",
    });
  });

  it("prefers the API key over an auth token set alongside it", () => {
    expect(
      readTwilioCredentials({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "token", TWILIO_API_KEY: KEY, TWILIO_API_SECRET: "secret" }),
    ).toEqual({ accountSid: SID, username: KEY, password: "secret" });
  });

  it("trims surrounding whitespace from every value", () => {
    expect(readTwilioCredentials({ TWILIO_ACCOUNT_SID: ` ${SID}\n`, TWILIO_AUTH_TOKEN: " token " })).toEqual({
      accountSid: SID,
      username: SID,
      password: "token",
    });
  });

  it.each([
    ["an auth token without the account SID", { TWILIO_AUTH_TOKEN: "token" }, "TWILIO_ACCOUNT_SID"],
    ["an API key and secret without the account SID", { TWILIO_API_KEY: KEY, TWILIO_API_SECRET: "secret" }, "TWILIO_ACCOUNT_SID"],
    ["an account SID that is not AC + 32 hex", { TWILIO_ACCOUNT_SID: "nope", TWILIO_AUTH_TOKEN: "token" }, "TWILIO_ACCOUNT_SID"],
    ["an account SID one digit short", { TWILIO_ACCOUNT_SID: SID.slice(0, -1), TWILIO_AUTH_TOKEN: "token" }, "TWILIO_ACCOUNT_SID"],
    ["an API key SID given as the account SID", { TWILIO_ACCOUNT_SID: KEY, TWILIO_AUTH_TOKEN: "token" }, "TWILIO_ACCOUNT_SID"],
    ["an account SID without a token or key", { TWILIO_ACCOUNT_SID: SID }, "TWILIO_AUTH_TOKEN"],
    ["an API key without its secret", { TWILIO_ACCOUNT_SID: SID, TWILIO_API_KEY: KEY }, "TWILIO_API_SECRET"],
    ["an API secret without its key", { TWILIO_ACCOUNT_SID: SID, TWILIO_API_SECRET: "secret" }, "TWILIO_API_KEY"],
    ["an API key that is not SK + 32 hex", { TWILIO_ACCOUNT_SID: SID, TWILIO_API_KEY: "SKnope", TWILIO_API_SECRET: "secret" }, "TWILIO_API_KEY"],
    ["an account SID given as the API key", { TWILIO_ACCOUNT_SID: SID, TWILIO_API_KEY: SID, TWILIO_API_SECRET: "secret" }, "TWILIO_API_KEY"],
  ])("rejects %s, naming %s", (_what, env, variable) => {
    const error = thrown(() => readTwilioCredentials(env));
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
  });

  it("never puts a secret in its error message", () => {
    const error = thrown(() => readTwilioCredentials({ TWILIO_ACCOUNT_SID: "nope", TWILIO_AUTH_TOKEN: "s3cr3t-token" }));
    expect(error.message).not.toContain("s3cr3t-token");
    const keyError = thrown(() => readTwilioCredentials({ TWILIO_ACCOUNT_SID: SID, TWILIO_API_KEY: "SKbad", TWILIO_API_SECRET: "s3cr3t-key" }));
    expect(keyError.message).not.toContain("s3cr3t-key");
  });
});
