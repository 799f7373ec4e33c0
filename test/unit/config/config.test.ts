import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/config/config-error.js";
import { readConfig } from "../../../src/config/config.js";
import { SANDBOX_DEFAULT_AUTH_TOKEN } from "../../../src/sandbox/accounts.js";
import { SANDBOX_DEFAULT_SEED } from "../../../src/sandbox/config.js";

const SID = "AC0123456789abcdef0123456789abcdef";
const KEY = "SK0123456789abcdef0123456789abcdef";
const CREDENTIALS = { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "token" };

function thrown(read: () => unknown): ConfigError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError, nothing was thrown");
}

/** Every object reachable from `value`, itself included. */
function objectsIn(value: unknown, seen: object[] = []): object[] {
  if (value !== null && typeof value === "object" && !seen.includes(value)) {
    seen.push(value);
    for (const inner of Object.values(value)) objectsIn(inner, seen);
  }
  return seen;
}

describe("readConfig", () => {
  it("defaults to 127.0.0.1:4000, Twilio's Numbers origin and the documented upstream limits", () => {
    const config = readConfig(CREDENTIALS);
    expect(config.host).toBe("127.0.0.1");
    expect(config.port).toBe(4000);
    expect(config.twilio?.baseUrl).toBe("https://numbers.twilio.com");
    expect(config.upstream).toEqual({
      timeoutMs: 10_000,
      maxRetries: 2,
      maxRateLimitRetries: 5,
      retryBaseMs: 100,
      concurrency: 25,
    });
    expect(config.http.requestDeadlineMs).toBe(30_000);
    expect(config.breaker).toEqual({ failureRate: 0.5, minChecks: 20, windowMs: 10_000, halfOpenAfterMs: 10_000 });
    expect(config.maxBatchSize).toBe(1000);
    expect(config.logLevel).toBe("info");
  });

  it("reads every upstream variable", () => {
    const config = readConfig({
      ...CREDENTIALS,
      HOST: "localhost",
      PORT: "8080",
      TWILIO_NUMBERS_BASE_URL: "http://127.0.0.1:4010/",
      UPSTREAM_TIMEOUT_MS: "2500",
      UPSTREAM_MAX_RETRIES: "5",
      UPSTREAM_RETRY_BASE_MS: "50",
      UPSTREAM_CONCURRENCY: "100",
      UPSTREAM_MAX_RATE_LIMIT_RETRIES: "0",
      REQUEST_TIMEOUT_MS: "1234",
      BREAKER_FAILURE_RATE: "0.25",
      BREAKER_MIN_CHECKS: "7",
      BREAKER_WINDOW_MS: "2000",
      MAX_BATCH_SIZE: "250",
      LOG_LEVEL: "debug",
    });
    expect(config.host).toBe("localhost");
    expect(config.port).toBe(8080);
    expect(config.twilio?.baseUrl).toBe("http://127.0.0.1:4010");
    expect(config.upstream).toEqual({
      timeoutMs: 2500,
      maxRetries: 5,
      maxRateLimitRetries: 0,
      retryBaseMs: 50,
      concurrency: 100,
    });
    expect(config.http.requestDeadlineMs).toBe(1234);
    expect(config.breaker).toMatchObject({ failureRate: 0.25, minChecks: 7, windowMs: 2000 });
    expect(config.maxBatchSize).toBe(250);
    expect(config.logLevel).toBe("debug");
  });

  it("reads UPSTREAM_MAX_RETRIES=0 as 0 retries, not as the default", () => {
    expect(readConfig({ ...CREDENTIALS, UPSTREAM_MAX_RETRIES: "0" }).upstream.maxRetries).toBe(0);
  });

  it("reads UPSTREAM_RETRY_BASE_MS=0 and PORT=0 as 0", () => {
    const config = readConfig({ ...CREDENTIALS, UPSTREAM_RETRY_BASE_MS: "0", PORT: "0" });
    expect(config.upstream.retryBaseMs).toBe(0);
    expect(config.port).toBe(0);
  });

  it("reads empty variables as unset", () => {
    const config = readConfig({ ...CREDENTIALS, PORT: "", UPSTREAM_MAX_RETRIES: " ", TWILIO_NUMBERS_BASE_URL: "" });
    expect(config.port).toBe(4000);
    expect(config.upstream.maxRetries).toBe(2);
    expect(config.twilio?.baseUrl).toBe("https://numbers.twilio.com");
  });

  it("uses the account SID and auth token, and then runs no sandbox", () => {
    const config = readConfig(CREDENTIALS);
    expect(config.twilio).toEqual({ baseUrl: "https://numbers.twilio.com", accountSid: SID, username: SID, password: "token" });
    expect(config.sandbox).toBeNull();
  });

  it("authenticates as the API key when key, secret and account SID are set", () => {
    const config = readConfig({ TWILIO_ACCOUNT_SID: SID, TWILIO_API_KEY: KEY, TWILIO_API_SECRET: "secret" });
    expect(config.twilio).toEqual({ baseUrl: "https://numbers.twilio.com", accountSid: SID, username: KEY, password: "secret" });
  });

  it("falls back to the embedded sandbox on 127.0.0.1, port 0, when no credentials are set", () => {
    const config = readConfig({});
    expect(config.twilio).toBeNull();
    expect(config.sandbox).toEqual({
      host: "127.0.0.1",
      port: 0,
      authToken: SANDBOX_DEFAULT_AUTH_TOKEN,
      notPortableStatus: 200,
      latencyMs: 0,
      jitterMs: 0,
      errorRate: 0,
      maxInFlight: 20,
      seed: SANDBOX_DEFAULT_SEED,
    });
  });

  it("keeps the embedded sandbox on 127.0.0.1:0 whatever SANDBOX_HOST and SANDBOX_PORT say, reading its other knobs", () => {
    const config = readConfig({ SANDBOX_HOST: "0.0.0.0", SANDBOX_PORT: "4010", SANDBOX_LATENCY_MS: "25", SANDBOX_ERROR_RATE: "0.1" });
    expect(config.sandbox).toMatchObject({ host: "127.0.0.1", port: 0, latencyMs: 25, errorRate: 0.1 });
  });

  it.each([
    ["PORT", { PORT: "abc" }],
    ["PORT", { PORT: "70000" }],
    ["PORT", { PORT: "-1" }],
    ["PORT", { PORT: "80.5" }],
    ["UPSTREAM_CONCURRENCY", { UPSTREAM_CONCURRENCY: "0" }],
    ["UPSTREAM_CONCURRENCY", { UPSTREAM_CONCURRENCY: "1001" }],
    ["UPSTREAM_TIMEOUT_MS", { UPSTREAM_TIMEOUT_MS: "0" }],
    ["UPSTREAM_MAX_RETRIES", { UPSTREAM_MAX_RETRIES: "-1" }],
    ["UPSTREAM_MAX_RETRIES", { UPSTREAM_MAX_RETRIES: "11" }],
    ["UPSTREAM_RETRY_BASE_MS", { UPSTREAM_RETRY_BASE_MS: "fast" }],
    ["MAX_BATCH_SIZE", { MAX_BATCH_SIZE: "0" }],
    ["TWILIO_NUMBERS_BASE_URL", { TWILIO_NUMBERS_BASE_URL: "ftp://x" }],
    ["TWILIO_NUMBERS_BASE_URL", { TWILIO_NUMBERS_BASE_URL: "https://x/path" }],
    ["TWILIO_NUMBERS_BASE_URL", { TWILIO_NUMBERS_BASE_URL: "numbers.twilio.com" }],
    ["LOG_LEVEL", { LOG_LEVEL: "loud" }],
  ])("rejects a bad %s (%j) with a ConfigError naming it first", (variable, env) => {
    const error = thrown(() => readConfig({ ...CREDENTIALS, ...env }));
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
  });

  it.each([
    ["TWILIO_ACCOUNT_SID", { TWILIO_ACCOUNT_SID: "nope", TWILIO_AUTH_TOKEN: "token" }],
    ["TWILIO_ACCOUNT_SID", { TWILIO_AUTH_TOKEN: "token" }],
    ["TWILIO_AUTH_TOKEN", { TWILIO_ACCOUNT_SID: SID }],
    ["TWILIO_API_SECRET", { TWILIO_ACCOUNT_SID: SID, TWILIO_API_KEY: KEY }],
    ["TWILIO_API_KEY", { TWILIO_ACCOUNT_SID: SID, TWILIO_API_KEY: "SK123", TWILIO_API_SECRET: "secret" }],
  ])("rejects partial or malformed credentials with a ConfigError naming %s, never falling back to the sandbox", (variable, env) => {
    const error = thrown(() => readConfig(env));
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
  });

  it.each([
    ["with credentials", CREDENTIALS],
    ["with the sandbox", {}],
  ])("returns a deeply frozen config (%s)", (_what, env) => {
    const config = readConfig(env);
    const objects = objectsIn(config);
    expect(objects.length).toBeGreaterThan(3);
    expect(objects.filter((object) => !Object.isFrozen(object))).toEqual([]);
    expect(() => {
      (config.upstream as { timeoutMs: number }).timeoutMs = 1;
    }).toThrow(TypeError);
  });
});
