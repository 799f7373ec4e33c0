import { describe, expect, it } from "vitest";
import { readCacheConfig } from "../../../src/config/cache-config.js";
import { ConfigError } from "../../../src/config/config-error.js";
import { readConfig } from "../../../src/config/config.js";
import { readRedisConfig, redisUrlForDisplay } from "../../../src/config/redis-config.js";

function thrown(read: () => unknown): ConfigError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError, nothing was thrown");
}

describe("readRedisConfig", () => {
  it("defaults to no Redis and the prefix portability:", () => {
    expect(readRedisConfig({})).toEqual({ url: null, keyPrefix: "portability:" });
    expect(readRedisConfig({ REDIS_URL: " ", REDIS_KEY_PREFIX: "" })).toEqual({ url: null, keyPrefix: "portability:" });
  });

  it.each([
    "redis://127.0.0.1:6379",
    "redis://127.0.0.1:6379/",
    "redis://cache.internal/2",
    "redis://:s3cret@cache.internal:6380/0",
    "rediss://user:s3cret@cache.example.com:6380",
    "redis://[::1]:6379",
  ])("accepts %s as given", (url) => {
    expect(readRedisConfig({ REDIS_URL: url }).url).toBe(url);
  });

  it.each([
    ["not a URL", "cache.internal:6379"],
    ["another scheme", "http://cache.internal:6379"],
    ["a path that is not a database", "redis://cache.internal/keys"],
    ["a database past 99", "redis://cache.internal/100"],
    ["a query", "redis://cache.internal?family=6"],
    ["a fragment", "redis://cache.internal#x"],
  ])("refuses %s, naming REDIS_URL", (_what, url) => {
    const error = thrown(() => readRedisConfig({ REDIS_URL: url }));
    expect(error.variable).toBe("REDIS_URL");
    expect(error.message.startsWith("REDIS_URL: must be redis://")).toBe(true);
  });

  it.each(["redis://:hunter2-pass@cache.internal/keys", "http://user:hunter2-pass@cache.internal", "hunter2-pass"])(
    "never echoes the value of a bad REDIS_URL, which may hold a password (%s)",
    (url) => {
      expect(thrown(() => readRedisConfig({ REDIS_URL: url })).message).not.toContain("hunter2");
    },
  );

  it.each(["svc:", "a", "portability.prod:v2:", "A-Z_0-9"])("accepts the prefix %s", (prefix) => {
    expect(readRedisConfig({ REDIS_KEY_PREFIX: prefix }).keyPrefix).toBe(prefix);
  });

  it.each(["with space:", "glob*:", "brace{x}:", "p".repeat(65), "é:"])("refuses the prefix %j, naming REDIS_KEY_PREFIX", (prefix) => {
    const error = thrown(() => readRedisConfig({ REDIS_KEY_PREFIX: prefix }));
    expect(error.variable).toBe("REDIS_KEY_PREFIX");
    expect(error.message).toBe(`REDIS_KEY_PREFIX: must be 1 to 64 letters, digits or ":_.-", got "${prefix}"`);
  });
});

describe("redisUrlForDisplay", () => {
  it.each([
    ["redis://:s3cret@cache.internal:6380/0", "redis://cache.internal:6380/0"],
    ["rediss://user:s3cret@cache.example.com", "rediss://cache.example.com"],
    ["redis://127.0.0.1:6379/", "redis://127.0.0.1:6379"],
  ])("shows %s as %s: no user, no password", (url, shown) => {
    expect(redisUrlForDisplay(url)).toBe(shown);
  });
});

describe("readCacheConfig", () => {
  it("defaults to 300 s and 100,000 entries", () => {
    expect(readCacheConfig({})).toEqual({ ttlSeconds: 300, maxEntries: 100_000 });
  });

  it("reads CACHE_TTL_SECONDS=0 as off, not as the default", () => {
    expect(readCacheConfig({ CACHE_TTL_SECONDS: "0" }).ttlSeconds).toBe(0);
  });

  it("reads both variables", () => {
    expect(readCacheConfig({ CACHE_TTL_SECONDS: "86400", CACHE_MAX_ENTRIES: "1" })).toEqual({ ttlSeconds: 86_400, maxEntries: 1 });
  });

  it.each([
    ["CACHE_TTL_SECONDS", { CACHE_TTL_SECONDS: "-1" }, "must be between 0 and 86400, got -1"],
    ["CACHE_TTL_SECONDS", { CACHE_TTL_SECONDS: "86401" }, "must be between 0 and 86400, got 86401"],
    ["CACHE_TTL_SECONDS", { CACHE_TTL_SECONDS: "5m" }, 'must be a whole number, got "5m"'],
    ["CACHE_MAX_ENTRIES", { CACHE_MAX_ENTRIES: "0" }, "must be between 1 and 10000000, got 0"],
  ])("refuses a bad %s (%j)", (variable, env, rule) => {
    expect(thrown(() => readCacheConfig(env)).message).toBe(`${variable}: ${rule}`);
  });
});

describe("readConfig", () => {
  it("carries redis and cache, frozen", () => {
    const config = readConfig({ REDIS_URL: "redis://127.0.0.1:6379/1", REDIS_KEY_PREFIX: "p:", CACHE_TTL_SECONDS: "60" });
    expect(config.redis).toEqual({ url: "redis://127.0.0.1:6379/1", keyPrefix: "p:" });
    expect(config.cache).toEqual({ ttlSeconds: 60, maxEntries: 100_000 });
    expect(Object.isFrozen(config.redis)).toBe(true);
    expect(Object.isFrozen(config.cache)).toBe(true);
  });
});
