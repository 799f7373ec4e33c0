import { describe, expect, it } from "vitest";
import { isCacheable } from "../../../src/cache/cacheable.js";
import { NotPortableReason } from "../../../src/domain/not-portable-reason.js";
import { failureAsVerdict, keyFor, notPortable, NUMBER, portable, verdict } from "./verdicts.js";

describe("isCacheable", () => {
  it.each([
    ["a portable answer", portable()],
    ["UNSUPPORTED 22130", notPortable(NUMBER, NotPortableReason.UNSUPPORTED, 22130)],
    ["ALREADY_IN_THE_TARGET_ACCOUNT 22131", notPortable(NUMBER, NotPortableReason.ALREADY_IN_THE_TARGET_ACCOUNT, 22131)],
    ["ALREADY_IN_TWILIO_DIFFERENT_OWNER 22132", notPortable(NUMBER, NotPortableReason.ALREADY_IN_TWILIO_DIFFERENT_OWNER, 22132)],
    ["MANUAL_PORTING_AVAILABLE 22133", notPortable(NUMBER, NotPortableReason.MANUAL_PORTING_AVAILABLE, 22133)],
    ["ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS 22136", notPortable(NUMBER, NotPortableReason.ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS, 22136)],
    ["MISSING_REQUIRED_FIELDS 22171", notPortable(NUMBER, NotPortableReason.MISSING_REQUIRED_FIELDS, 22171)],
    ["UNKNOWN with a new code", notPortable(NUMBER, NotPortableReason.UNKNOWN, 22199)],
    ["Twilio's own 22102 for an E.164 number", notPortable(NUMBER, NotPortableReason.INVALID_PHONE_NUMBER, 22102)],
  ])("caches %s", (_what, answer) => {
    expect(isCacheable(keyFor(), verdict(answer))).toBe(true);
  });

  it.each([
    ["ERROR_INTERNAL_SERVER_ERROR 22135 (transient)", keyFor(), verdict(notPortable(NUMBER, NotPortableReason.ERROR_INTERNAL_SERVER_ERROR, 22135))],
    ["code 22135 under any reason", keyFor(), verdict(notPortable(NUMBER, NotPortableReason.UNKNOWN, 22135))],
    ["reason ERROR_INTERNAL_SERVER_ERROR without a code", keyFor(), verdict(portable(NUMBER, { portable: false, notPortableReason: NotPortableReason.ERROR_INTERNAL_SERVER_ERROR }))],
    ["UNAUTHORIZED 20003 (this service's access, not the number)", keyFor(), verdict(notPortable(NUMBER, NotPortableReason.UNAUTHORIZED, 20003))],
    ["the local INVALID_PHONE_NUMBER answer for text that is not E.164", keyFor("not-a-number"), verdict(notPortable("not-a-number", NotPortableReason.INVALID_PHONE_NUMBER, 22102))],
    ["the local answer even under an E.164 key", keyFor(), verdict(notPortable("415 555", NotPortableReason.INVALID_PHONE_NUMBER, 22102))],
    ["a key that is E.164 only after trimming", keyFor(` ${NUMBER} `), verdict()],
    ["a key that is not E.164", keyFor("14155550100"), verdict()],
    ["a PortabilityCheckError", keyFor(), failureAsVerdict()],
    ["a verdict without a usable checkedAt", keyFor(), verdict(portable(), Number.NaN)],
  ])("never caches %s", (_what, key, candidate) => {
    expect(isCacheable(key, candidate)).toBe(false);
  });
});
