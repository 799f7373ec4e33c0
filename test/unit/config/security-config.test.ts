import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/config/config-error.js";
import { readHttpConfig, readQueryLimits } from "../../../src/config/security-config.js";

function thrown(read: () => unknown): ConfigError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError, nothing was thrown");
}

describe("readHttpConfig: socket timeouts and the connection cap", () => {
  it("defaults: headers 20 s, request 60 s, keep-alive 5 s, 1024 connections", () => {
    expect(readHttpConfig({})).toMatchObject({ headersTimeoutMs: 20_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 5_000, maxConnections: 1_024 });
  });

  it("reads HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS, HTTP_KEEP_ALIVE_TIMEOUT_MS and MAX_CONNECTIONS", () => {
    const env = { HTTP_HEADERS_TIMEOUT_MS: "1500", HTTP_REQUEST_TIMEOUT_MS: "3000", HTTP_KEEP_ALIVE_TIMEOUT_MS: "1000", MAX_CONNECTIONS: "3" };
    expect(readHttpConfig(env)).toMatchObject({ headersTimeoutMs: 1_500, requestTimeoutMs: 3_000, keepAliveTimeoutMs: 1_000, maxConnections: 3 });
  });

  it.each([
    [{ HTTP_HEADERS_TIMEOUT_MS: "50" }, "HTTP_HEADERS_TIMEOUT_MS: must be between 100 and 600000, got 50"],
    [{ HTTP_REQUEST_TIMEOUT_MS: "soon" }, 'HTTP_REQUEST_TIMEOUT_MS: must be a whole number, got "soon"'],
    [{ HTTP_KEEP_ALIVE_TIMEOUT_MS: "0" }, "HTTP_KEEP_ALIVE_TIMEOUT_MS: must be between 1 and 600000, got 0"],
    [{ MAX_CONNECTIONS: "0" }, "MAX_CONNECTIONS: must be between 1 and 1000000, got 0"],
    [{ HTTP_HEADERS_TIMEOUT_MS: "30000", HTTP_REQUEST_TIMEOUT_MS: "10000" }, "HTTP_HEADERS_TIMEOUT_MS: must not be larger than HTTP_REQUEST_TIMEOUT_MS (10000), got 30000"],
  ])("refuses %j, naming the variable", (env, message) => {
    expect(thrown(() => readHttpConfig(env)).message).toBe(message);
  });
});

describe("readQueryLimits: MAX_TOKENS follows MAX_BATCH_SIZE", () => {
  it.each([
    [{}, 1_000, 2_024],
    [{}, 5_000, 6_024],
    [{ MAX_ALIASES: "0" }, 1_000, 1_064],
    [{ MAX_TOKENS: "1500" }, 5_000, 1_500],
  ])("%j with MAX_BATCH_SIZE %i: %i tokens (a number per inline token, plus 64 per root field with aliases)", (env, maxBatchSize, maxTokens) => {
    expect(readQueryLimits(env, maxBatchSize).maxTokens).toBe(maxTokens);
  });
});
