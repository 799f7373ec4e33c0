import { describe, expect, it } from "vitest";
import { maskPhoneNumber, maskPhoneNumbersIn } from "../../../src/observability/mask-phone-number.js";

/**
 * Every hidden digit is one star, so a masked number keeps its length. The doc comment of
 * mask-phone-number.ts and the README show "+14155550100" as "+1*******00" (seven stars, one short);
 * the code, and "+447400123456" → "+44********56", hide all eight.
 */
describe("maskPhoneNumber", () => {
  it.each([
    ["+14155550100", "+1********00"],
    ["+447400123456", "+44********56"],
    ["+442071838750", "+44********50"],
    ["+33123456789", "+33*******89"],
    ["+4930123456", "+49******56"],
    ["+8613800138000", "+86*********00"],
    ["+61491570156", "+61*******56"],
    ["+123456789012345", "+1************45"],
    [" +14155550100\t", "+1********00"],
    ["+1234", "+1*34"],
  ])("%j → %j", (given, masked) => {
    expect(maskPhoneNumber(given)).toBe(masked);
  });

  it.each([
    "4155550100",
    "14155550100",
    "+0123456789",
    "+1 415 555 0100",
    "+1-415-555-0100",
    "+1234567890123456",
    "+",
    "",
    "+1",
    "+١٤١٥٥٥٥٠١٠٠",
    "+１４１５５５５０１００",
    "+14155550100x",
    "+14155550100\n+14155550101",
    "not a number",
  ])("%j is not E.164: [masked]", (given) => {
    expect(maskPhoneNumber(given)).toBe("[masked]");
  });

  it.each([[undefined], [null], [14155550100], [{ phoneNumber: "+14155550100" }], [["+14155550100"]], [true]])("a non-string (%j) is [masked]", (given) => {
    expect(maskPhoneNumber(given)).toBe("[masked]");
  });

  it("never shows more than the country code and the last two digits, and never lengthens the number", () => {
    for (let digits = 4; digits <= 15; digits += 1) {
      const number = `+1${"9".repeat(digits - 3)}42`;
      const masked = maskPhoneNumber(number);
      expect(masked).toHaveLength(number.length);
      expect(masked.replace(/\*/g, "")).toBe("+142");
    }
  });

  // Regression (was a bug): mask-phone-number.ts:12-14 — with two digits the last two overlap the country code: "+12" logs as "+112", a number it is not.
  it("a two-digit number is never shown longer than it is", () => {
    expect(maskPhoneNumber("+12").length).toBeLessThanOrEqual(3);
  });
});

describe("maskPhoneNumbersIn", () => {
  it.each([
    ["call +14155550100 now", "call +1********00 now"],
    ["14155550100", "*********00"],
    ["4155550100 failed", "********00 failed"],
    ["from +14155550100 to +447400123456", "from +1********00 to +44********56"],
    ["id 12345 stays", "id 12345 stays"],
    ["123456", "****56"],
    ["at file.js:1234:56", "at file.js:1234:56"],
    ["value: *********10", "value: *********10"],
    ["", ""],
  ])("%j → %j", (given, masked) => {
    expect(maskPhoneNumbersIn(given)).toBe(masked);
  });

  it("leaves no run of six or more digits in a message built around numbers", () => {
    const message = "Twilio said 20003 for +14155550100 (national 4155550100, intl 0014155550100) at 1700000000000";
    expect(maskPhoneNumbersIn(message)).not.toMatch(/\d{6,}/);
  });
});
