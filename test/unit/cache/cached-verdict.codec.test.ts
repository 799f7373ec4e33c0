import { describe, expect, it } from "vitest";
import { decodeCachedVerdict, encodeCachedVerdict } from "../../../src/cache/cached-verdict.codec.js";
import { NotPortableReason } from "../../../src/domain/not-portable-reason.js";
import { CHECKED_AT, notPortable, NUMBER, portable, verdict } from "./verdicts.js";

const stored = () => JSON.parse(encodeCachedVerdict(verdict())) as { checkedAt: unknown; answer: Record<string, unknown> };

describe("cached verdict codec", () => {
  it.each([
    ["a portable answer", verdict()],
    ["a not-portable answer with an owner", verdict({ ...notPortable(NUMBER, NotPortableReason.ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS, 22136), accountSid: `AC${"2".repeat(32)}` })],
    ["an answer of nulls", verdict(portable(NUMBER, { pinAndAccountNumberRequired: null, country: null, url: null }))],
  ])("round-trips %s exactly", (_what, original) => {
    expect(decodeCachedVerdict(encodeCachedVerdict(original))).toEqual(original);
  });

  it("stores only the answer's own fields (checkedAt once, beside the answer)", () => {
    const extra = { ...portable(), authorization: "Basic c2VjcmV0", body: "<html>" };
    const own = Object.keys(portable()).filter((field) => field !== "checkedAt");
    expect(Object.keys((JSON.parse(encodeCachedVerdict(verdict(extra))) as { answer: object }).answer)).toEqual(own);
  });

  it.each<[string, (value: ReturnType<typeof stored>) => unknown]>([
    ["a typename other than Portability", (v) => ({ ...v, answer: { ...v.answer, __typename: "PortabilityCheckError" } })],
    ["a missing phone number", (v) => ({ ...v, answer: { ...v.answer, phoneNumber: undefined } })],
    ["portable as a string", (v) => ({ ...v, answer: { ...v.answer, portable: "true" } })],
    ["an unknown reason", (v) => ({ ...v, answer: { ...v.answer, notPortableReason: "SOMETHING_NEW" } })],
    ["a fractional reason code", (v) => ({ ...v, answer: { ...v.answer, notPortableReasonCode: 22130.5 } })],
    ["an unknown number type", (v) => ({ ...v, answer: { ...v.answer, numberType: "TOLL-FREE" } })],
    ["a numeric country", (v) => ({ ...v, answer: { ...v.answer, country: 1 } })],
    ["pinAndAccountNumberRequired as 0", (v) => ({ ...v, answer: { ...v.answer, pinAndAccountNumberRequired: 0 } })],
    ["checkedAt as a string", (v) => ({ ...v, checkedAt: String(CHECKED_AT) })],
    ["no answer", (v) => ({ checkedAt: v.checkedAt })],
    ["an array", (v) => [v]],
    ["null", () => null],
  ])("reads %s as nothing", (_what, corrupt) => {
    expect(decodeCachedVerdict(JSON.stringify(corrupt(stored())))).toBeNull();
  });

  it.each(["", "{", "not json", '"a string"', "42"])("reads the text %j as nothing", (text) => {
    expect(decodeCachedVerdict(text)).toBeNull();
  });
});
