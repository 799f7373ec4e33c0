import { describe, expect, it } from "vitest";
import { readConfig } from "../../../src/config/config.js";

const CREDENTIALS = { TWILIO_ACCOUNT_SID: "AC0123456789abcdef0123456789abcdef", TWILIO_AUTH_TOKEN: "token" };

describe("readConfig: NODE_ENV and the sandbox choice", () => {
  it.each([{}, { NODE_ENV: "development" }, { NODE_ENV: "test" }, { SANDBOX: "true" }, { NODE_ENV: "production", SANDBOX: "true" }])(
    "%j without credentials runs the sandbox",
    (env) => {
      expect(readConfig(env).sandbox).not.toBeNull();
    },
  );

  it.each([CREDENTIALS, { ...CREDENTIALS, NODE_ENV: "production" }, { ...CREDENTIALS, SANDBOX: "false" }])("%j with credentials never runs the sandbox", (env) => {
    expect(readConfig(env).sandbox).toBeNull();
  });

  it.each([
    [{ NODE_ENV: "production" }, /^TWILIO_ACCOUNT_SID: is not set .* and NODE_ENV=production: .*SANDBOX=true/],
    [{ ...CREDENTIALS, SANDBOX: "true" }, "SANDBOX: is true, but TWILIO_ACCOUNT_SID and its credentials are set: unset one of them"],
    [{ SANDBOX: "false" }, /^TWILIO_ACCOUNT_SID: is not set .* and SANDBOX=false: /],
    [{ SANDBOX: "yes" }, 'SANDBOX: must be true or false, got "yes"'],
    [{ NODE_ENV: "prod" }, 'NODE_ENV: must be one of production, development, test, got "prod"'],
  ])("refuses %j", (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });
});
