import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config-error.js";
import { readSandboxConfig, SANDBOX_DEFAULT_SEED } from "../../src/sandbox/config.js";

describe("readSandboxConfig", () => {
  it("defaults to a quiet sandbox on 127.0.0.1:4010", () => {
    expect(readSandboxConfig({})).toEqual({
      host: "127.0.0.1",
      port: 4010,
      authToken: "sandbox-token",
      notPortableStatus: 200,
      latencyMs: 0,
      jitterMs: 0,
      errorRate: 0,
      maxInFlight: 20,
      seed: SANDBOX_DEFAULT_SEED,
    });
  });

  it("reads every SANDBOX_* variable", () => {
    expect(
      readSandboxConfig({
        SANDBOX_HOST: "0.0.0.0",
        SANDBOX_PORT: "0",
        SANDBOX_AUTH_TOKEN: "s3cret",
        SANDBOX_NOT_PORTABLE_STATUS: "400",
        SANDBOX_LATENCY_MS: "25",
        SANDBOX_JITTER_MS: "10",
        SANDBOX_ERROR_RATE: "0.05",
        SANDBOX_MAX_IN_FLIGHT: "64",
        SANDBOX_SEED: "42",
      }),
    ).toEqual({
      host: "0.0.0.0",
      port: 0,
      authToken: "s3cret",
      notPortableStatus: 400,
      latencyMs: 25,
      jitterMs: 10,
      errorRate: 0.05,
      maxInFlight: 64,
      seed: 42,
    });
  });

  it("treats empty variables as unset", () => {
    expect(readSandboxConfig({ SANDBOX_PORT: "", SANDBOX_MAX_IN_FLIGHT: " " })).toMatchObject({
      port: 4010,
      maxInFlight: 20,
    });
  });

  it.each([
    ["SANDBOX_PORT", "http"],
    ["SANDBOX_PORT", "70000"],
    ["SANDBOX_NOT_PORTABLE_STATUS", "404"],
    ["SANDBOX_LATENCY_MS", "-1"],
    ["SANDBOX_JITTER_MS", "1.5"],
    ["SANDBOX_ERROR_RATE", "1.5"],
    ["SANDBOX_ERROR_RATE", "10%"],
    ["SANDBOX_MAX_IN_FLIGHT", "-1"],
    ["SANDBOX_SEED", "seed"],
  ])("rejects %s=%s with a ConfigError naming it", (variable, value) => {
    let thrown: unknown;
    try {
      readSandboxConfig({ [variable]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe(variable);
    expect((thrown as ConfigError).message).toMatch(new RegExp(`^${variable}: `));
  });
});
