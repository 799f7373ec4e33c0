import { describe, expect, it } from "vitest";
import { NotPortableReason } from "../../../src/domain/not-portable-reason.js";
import {
  INVALID_PHONE_NUMBER_CODE,
  REASON_BY_CODE,
  toNotPortableReason,
  TRANSIENT_REASON_CODE,
} from "../../../src/datasources/reason-codes.js";
import { EVERY_REASON } from "./every-reason.js";

describe("REASON_BY_CODE", () => {
  it("holds exactly Twilio's nine portability reason codes", () => {
    expect(new Map(REASON_BY_CODE)).toEqual(new Map(EVERY_REASON));
  });

  it("names 22135 as the transient code and 22102 as the invalid-number code", () => {
    expect(TRANSIENT_REASON_CODE).toBe(22135);
    expect(INVALID_PHONE_NUMBER_CODE).toBe(22102);
  });

  it("covers every NotPortableReason except UNKNOWN", () => {
    expect([...REASON_BY_CODE.values()].sort()).toEqual(
      Object.values(NotPortableReason)
        .filter((reason) => reason !== NotPortableReason.UNKNOWN)
        .sort(),
    );
  });
});

describe("toNotPortableReason", () => {
  it.each(EVERY_REASON)("reads code %i with its reason string as %s", (code, reason) => {
    expect(toNotPortableReason(reason, code)).toBe(reason);
  });

  it.each(EVERY_REASON)("reads code %i without a reason string as %s", (code, reason) => {
    expect(toNotPortableReason(null, code)).toBe(reason);
  });

  it.each(EVERY_REASON)("reads reason string for code %i (%s) without a code", (_code, reason) => {
    expect(toNotPortableReason(reason, null)).toBe(reason);
  });

  it("prefers a known reason string over a code that says otherwise", () => {
    expect(toNotPortableReason("UNSUPPORTED", 22131)).toBe(NotPortableReason.UNSUPPORTED);
  });

  it("falls back to the code when the reason string is new to this layer", () => {
    expect(toNotPortableReason("SOMETHING_NEW", 22131)).toBe(NotPortableReason.ALREADY_IN_THE_TARGET_ACCOUNT);
  });

  it("falls back to the code when Twilio sends the literal string UNKNOWN", () => {
    expect(toNotPortableReason("UNKNOWN", 22133)).toBe(NotPortableReason.MANUAL_PORTING_AVAILABLE);
  });

  it("matches reason strings case-sensitively: a lowercase spelling falls back to the code", () => {
    expect(toNotPortableReason("unsupported", 22132)).toBe(NotPortableReason.ALREADY_IN_TWILIO_DIFFERENT_OWNER);
  });

  it.each([
    ["SOMETHING_NEW", 22999],
    [null, 22999],
    ["SOMETHING_NEW", null],
    ["UNKNOWN", null],
    ["UNKNOWN", 22999],
  ] as const)("reads reason %j with code %j as UNKNOWN", (reason, code) => {
    expect(toNotPortableReason(reason, code)).toBe(NotPortableReason.UNKNOWN);
  });

  it("is null when Twilio gives neither a reason nor a code (a portable number)", () => {
    expect(toNotPortableReason(null, null)).toBeNull();
  });
});
