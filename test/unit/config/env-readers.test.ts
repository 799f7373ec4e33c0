import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/config/config-error.js";
import {
  readBoolean,
  readChoice,
  readFraction,
  readInt,
  readOptionalInt,
  readString,
  readUrl,
} from "../../../src/config/env-readers.js";

/** The ConfigError `read` throws, so its fields can be asserted. */
function configError(read: () => unknown): ConfigError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError, nothing was thrown");
}

describe("readString", () => {
  it.each([
    [{}, "fallback"],
    [{ NAME: "" }, "fallback"],
    [{ NAME: "   " }, "fallback"],
    [{ NAME: " value " }, "value"],
  ])("reads %j as %j", (env, expected) => {
    expect(readString(env, "NAME", "fallback")).toBe(expected);
  });

  it("is undefined when unset and there is no fallback", () => {
    expect(readString({}, "NAME")).toBeUndefined();
  });
});

describe("readInt", () => {
  const bounds = { min: 0, max: 10 };

  it.each([
    [{}, 7],
    [{ N: "" }, 7],
    [{ N: "0" }, 0],
    [{ N: "10" }, 10],
    [{ N: " 3 " }, 3],
    [{ N: "003" }, 3],
  ])("reads %j as %i (fallback 7)", (env, expected) => {
    expect(readInt(env, "N", 7, bounds)).toBe(expected);
  });

  it.each(["abc", "1.5", "1e3", "0x1", "3 4", "+3", "Infinity"])("rejects %j as not a whole number", (value) => {
    const error = configError(() => readInt({ N: value }, "N", 7, bounds));
    expect(error.message).toBe(`N: must be a whole number, got "${value}"`);
    expect(error.variable).toBe("N");
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.name).toBe("ConfigError");
  });

  it.each([
    ["-1", -1],
    ["11", 11],
    ["99999999999999999999", 1e20],
  ])("rejects %j as out of bounds", (value, parsed) => {
    expect(configError(() => readInt({ N: value }, "N", 7, bounds)).message).toBe(`N: must be between 0 and 10, got ${parsed}`);
  });
});

describe("readOptionalInt", () => {
  it("is undefined when unset or empty, and the number when set", () => {
    expect(readOptionalInt({}, "N", { min: 1, max: 5 })).toBeUndefined();
    expect(readOptionalInt({ N: " " }, "N", { min: 1, max: 5 })).toBeUndefined();
    expect(readOptionalInt({ N: "4" }, "N", { min: 1, max: 5 })).toBe(4);
  });

  it("applies the bounds", () => {
    expect(configError(() => readOptionalInt({ N: "0" }, "N", { min: 1, max: 5 })).message).toBe("N: must be between 1 and 5, got 0");
  });
});

describe("readFraction", () => {
  it.each([
    [{}, 0.25],
    [{ F: "0" }, 0],
    [{ F: "1" }, 1],
    [{ F: "0.05" }, 0.05],
    [{ F: ".5" }, 0.5],
  ])("reads %j as %d (fallback 0.25)", (env, expected) => {
    expect(readFraction(env, "F", 0.25)).toBe(expected);
  });

  it.each(["1.5", "-0.1", "abc", "1e-3", "0.", "50%"])("rejects %j", (value) => {
    expect(configError(() => readFraction({ F: value }, "F", 0)).message).toBe(`F: must be a number from 0 to 1, got "${value}"`);
  });
});

describe("readBoolean", () => {
  it.each([
    [{}, true],
    [{ B: "true" }, true],
    [{ B: "1" }, true],
    [{ B: "false" }, false],
    [{ B: "0" }, false],
  ])("reads %j as %s (fallback true)", (env, expected) => {
    expect(readBoolean(env, "B", true)).toBe(expected);
  });

  it.each(["yes", "TRUE", "2"])("rejects %j", (value) => {
    expect(configError(() => readBoolean({ B: value }, "B", false)).message).toBe(`B: must be true or false, got "${value}"`);
  });
});

describe("readChoice", () => {
  const levels = ["info", "debug"] as const;

  it("reads a listed value and falls back when unset", () => {
    expect(readChoice({ L: "debug" }, "L", levels, "info")).toBe("debug");
    expect(readChoice({}, "L", levels, "info")).toBe("info");
  });

  it("rejects a value not listed, case-sensitively", () => {
    expect(configError(() => readChoice({ L: "DEBUG" }, "L", levels, "info")).message).toBe('L: must be one of info, debug, got "DEBUG"');
  });
});

describe("readUrl", () => {
  it.each([
    [{}, "https://fallback.example"],
    [{ U: "https://numbers.twilio.com" }, "https://numbers.twilio.com"],
    [{ U: "https://numbers.twilio.com/" }, "https://numbers.twilio.com"],
    [{ U: "http://127.0.0.1:4010" }, "http://127.0.0.1:4010"],
    [{ U: "HTTPS://Numbers.Twilio.com:443" }, "https://numbers.twilio.com"],
  ])("reads %j as the origin %j", (env, expected) => {
    expect(readUrl(env, "U", "https://fallback.example")).toBe(expected);
  });

  it.each([
    ["not a url", "must be an absolute http(s) URL"],
    ["/v1", "must be an absolute http(s) URL"],
    ["ftp://x", "must be an http(s) URL"],
    ["file:///etc/passwd", "must be an http(s) URL"],
    ["https://x/path", "must be an origin without path or query"],
    ["https://x/?a=1", "must be an origin without path or query"],
    ["https://x/#frag", "must be an origin without path or query"],
  ])("rejects %j: %s", (value, rule) => {
    expect(configError(() => readUrl({ U: value }, "U", "https://fallback.example")).message).toBe(`U: ${rule}, got "${value}"`);
  });
});
