import { describe, expect, it } from "vitest";
import { resultId } from "../../../src/domain/result-id.js";

const A = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0a";
const B = "ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb0b";
const ADDRESS = "ADaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa02";

describe("resultId", () => {
  it("is base64url of the versioned string v1|target|address|number", () => {
    expect(resultId(A, ADDRESS, "+14155550100")).toBe(Buffer.from(`v1|${A}|${ADDRESS}|+14155550100`).toString("base64url"));
    expect(Buffer.from(resultId(null, null, "+14155550100"), "base64url").toString()).toBe("v1|||+14155550100");
  });

  it("is the same for the same question, every time", () => {
    expect(resultId(A, null, "+14155550100")).toBe(resultId(A, null, "+14155550100"));
  });

  it.each([
    ["another target", [B, null, "+14155550100"]],
    ["no target (Twilio's default)", [null, null, "+14155550100"]],
    ["an address", [A, ADDRESS, "+14155550100"]],
    ["another number", [A, null, "+14155550101"]],
  ] as const)("differs for %s", (_name, [target, address, number]) => {
    expect(resultId(target, address, number)).not.toBe(resultId(A, null, "+14155550100"));
  });

  it("holds only URL- and cache-key-safe characters, whatever the number given", () => {
    expect(resultId(null, null, "+1 (415) 555/0100?|é")).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
