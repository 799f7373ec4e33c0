import { describe, expect, it } from "vitest";
import { toE164 } from "../../../src/datasources/e164.js";

describe("toE164", () => {
  it.each([
    ["+14155550100", "+14155550100"],
    ["  +14155550100\t", "+14155550100"],
    ["\n+442071838750 ", "+442071838750"],
    ["+12", "+12"],
    ["+123456789012345", "+123456789012345"],
  ])("accepts %j as %j", (given, expected) => {
    expect(toE164(given)).toBe(expected);
  });

  it.each([
    "",
    "   ",
    "4155550100",
    "+0415555",
    "+1",
    "+1234567890123456",
    "+1 415 555 0100",
    "+1-415-555-0100",
    "++14155550100",
    "+١٤١٥٥٥٥٠١٠٠",
    "+1415/../x",
    "+1415%2F",
    "+14155550100\n+14155550101",
  ])("rejects %j", (given) => {
    expect(toE164(given)).toBeNull();
  });
});

describe("toE164 with a defaultCountry", () => {
  it.each([
    ["(415) 555-0100", "US", "+14155550100"],
    ["415.555.0100", "US", "+14155550100"],
    [" 1 (415) 555-0100 ", "US", "+14155550100"],
    ["+1 415 555 0100", "DE", "+14155550100"],
    ["+14155550100", "GB", "+14155550100"],
    ["020 7183 8750", "GB", "+442071838750"],
    ["0044 20 7183 8750", "DE", "+442071838750"],
    ["(02) 9374 4000", "AU", "+61293744000"],
    // libphonenumber reads other scripts' digits; what goes upstream is still ASCII E.164.
    ["+١٤١٥٥٥٥٠١٠٠", "US", "+14155550100"],
  ])("reads %j with %s as %j", (given, country, expected) => {
    expect(toE164(given, country)).toBe(expected);
  });

  it.each([
    ["(415) 555-0100", null],
    ["12", "US"],
    ["call 415 555 0100", "US"],
    ["415 555 0100 x12", "US"],
    ["", "US"],
    ["4155550100\n4155550101", "US"],
  ])("rejects %j with %s", (given, country) => {
    expect(toE164(given, country)).toBeNull();
  });
});
