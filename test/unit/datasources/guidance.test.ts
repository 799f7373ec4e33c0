import { describe, expect, it } from "vitest";
import { checkFailure } from "../../../src/datasources/check-failure.js";
import { guidanceFor, NEXT_STEP_BY_ERROR, VERDICT_GUIDANCE, verdictCase, type VerdictCase } from "../../../src/datasources/guidance.js";
import { CheckErrorCode } from "../../../src/domain/check-error-code.js";
import { NotPortableReason } from "../../../src/domain/not-portable-reason.js";
import { PortingNextStep } from "../../../src/domain/porting-next-step.js";
import { EVERY_REASON } from "./every-reason.js";

const docs = (code: number) => `https://www.twilio.com/docs/api/errors/${code}`;
const PORT_IN = "https://www.twilio.com/docs/phone-numbers/port-in";
const verdict = (reason: NotPortableReason | null, fields: { country?: string | null; code?: number | null } = {}) => ({
  portable: false,
  pinAndAccountNumberRequired: null,
  notPortableReason: reason,
  notPortableReasonCode: fields.code ?? null,
  country: fields.country === undefined ? "US" : fields.country,
});

describe("guidance", () => {
  // Every row of the table, written out: case, the verdict that reads it, next step, help page.
  it.each<[VerdictCase, Parameters<typeof guidanceFor>[0], PortingNextStep, string | null]>([
    ["PORTABLE", { ...verdict(null), portable: true, pinAndAccountNumberRequired: false }, PortingNextStep.PORT_IN, PORT_IN],
    ["PORTABLE", { ...verdict(null), portable: true, pinAndAccountNumberRequired: null }, PortingNextStep.PORT_IN, PORT_IN],
    ["PORTABLE_WITH_PIN", { ...verdict(null), portable: true, pinAndAccountNumberRequired: true }, PortingNextStep.PORT_IN_WITH_PIN, PORT_IN],
    [NotPortableReason.ALREADY_IN_THE_TARGET_ACCOUNT, verdict(NotPortableReason.ALREADY_IN_THE_TARGET_ACCOUNT), PortingNextStep.NOTHING_TO_DO, docs(22131)],
    [NotPortableReason.ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS, verdict(NotPortableReason.ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS), PortingNextStep.MOVE_BETWEEN_ACCOUNTS, docs(22136)],
    [NotPortableReason.ALREADY_IN_TWILIO_DIFFERENT_OWNER, verdict(NotPortableReason.ALREADY_IN_TWILIO_DIFFERENT_OWNER), PortingNextStep.MOVE_BETWEEN_ACCOUNTS, docs(22132)],
    ["MANUAL_PORTING_US", verdict(NotPortableReason.MANUAL_PORTING_AVAILABLE, { country: "US" }), PortingNextStep.MANUAL_PORT_REQUEST, docs(22133)],
    ["MANUAL_PORTING_ELSEWHERE", verdict(NotPortableReason.MANUAL_PORTING_AVAILABLE, { country: "GB" }), PortingNextStep.MANUAL_PORT_REQUEST, docs(22133)],
    ["MANUAL_PORTING_COUNTRY_UNKNOWN", verdict(NotPortableReason.MANUAL_PORTING_AVAILABLE, { country: null }), PortingNextStep.MANUAL_PORT_REQUEST, docs(22133)],
    [NotPortableReason.UNSUPPORTED, verdict(NotPortableReason.UNSUPPORTED), PortingNextStep.NOT_SUPPORTED, docs(22130)],
    [NotPortableReason.INVALID_PHONE_NUMBER, verdict(NotPortableReason.INVALID_PHONE_NUMBER), PortingNextStep.FIX_PHONE_NUMBER, docs(22102)],
    [NotPortableReason.MISSING_REQUIRED_FIELDS, verdict(NotPortableReason.MISSING_REQUIRED_FIELDS), PortingNextStep.PROVIDE_MISSING_FIELDS, docs(22171)],
    [NotPortableReason.UNAUTHORIZED, verdict(NotPortableReason.UNAUTHORIZED), PortingNextStep.CHECK_ACCOUNT_ACCESS, docs(20003)],
    [NotPortableReason.ERROR_INTERNAL_SERVER_ERROR, verdict(NotPortableReason.ERROR_INTERNAL_SERVER_ERROR), PortingNextStep.RETRY_LATER, docs(22135)],
    [NotPortableReason.UNKNOWN, verdict(NotPortableReason.UNKNOWN), PortingNextStep.CONTACT_SUPPORT, null],
    [NotPortableReason.UNKNOWN, verdict(NotPortableReason.UNKNOWN, { code: 22199 }), PortingNextStep.CONTACT_SUPPORT, docs(22199)],
    [NotPortableReason.UNKNOWN, verdict(null), PortingNextStep.CONTACT_SUPPORT, null],
  ])("%s: %o is %s with help page %s", (expectedCase, answer, nextStep, helpUrl) => {
    expect(verdictCase(answer)).toBe(expectedCase);
    const guidance = guidanceFor(answer);
    expect(guidance).toEqual({ nextStep, guidance: VERDICT_GUIDANCE[expectedCase].guidance, helpUrl });
  });

  it("covers every reason Twilio documents with a row of its own, pointing at that code's page", () => {
    for (const [code, reason] of EVERY_REASON) {
      const row = guidanceFor(verdict(reason, { code, country: "US" }));
      expect(row.helpUrl, reason).toBe(docs(code));
      expect(row.nextStep, reason).not.toBe(PortingNextStep.CONTACT_SUPPORT);
    }
  });

  it("words every row as one or two sentences of our own, none empty, each distinct", () => {
    const texts = Object.values(VERDICT_GUIDANCE).map((row) => row.guidance);
    for (const text of texts) {
      expect(text.length).toBeGreaterThan(20);
      expect(text.split(/(?<=[.!?])\s+/).length).toBeLessThanOrEqual(2);
      expect(text).toMatch(/[.]$/);
    }
    expect(new Set(texts).size).toBe(texts.length);
  });

  it("tells US numbers to use the Console and others a support ticket", () => {
    expect(VERDICT_GUIDANCE.MANUAL_PORTING_US.guidance).toContain("Console");
    expect(VERDICT_GUIDANCE.MANUAL_PORTING_US.guidance).not.toContain("support ticket");
    expect(VERDICT_GUIDANCE.MANUAL_PORTING_ELSEWHERE.guidance).toContain("support ticket");
    expect(VERDICT_GUIDANCE.MANUAL_PORTING_ELSEWHERE.guidance).not.toContain("Console");
  });

  it("uses only https pages on www.twilio.com/docs", () => {
    for (const row of Object.values(VERDICT_GUIDANCE)) {
      if (row.helpUrl !== null) expect(row.helpUrl).toMatch(/^https:\/\/www\.twilio\.com\/docs\/[a-z0-9/-]+$/);
    }
  });
});

describe("NEXT_STEP_BY_ERROR", () => {
  it.each([
    [CheckErrorCode.UPSTREAM_AUTHENTICATION_FAILED, PortingNextStep.CHECK_ACCOUNT_ACCESS],
    [CheckErrorCode.UPSTREAM_RATE_LIMITED, PortingNextStep.RETRY_LATER],
    [CheckErrorCode.UPSTREAM_TIMEOUT, PortingNextStep.RETRY_LATER],
    [CheckErrorCode.UPSTREAM_UNAVAILABLE, PortingNextStep.RETRY_LATER],
    [CheckErrorCode.SHUTTING_DOWN, PortingNextStep.RETRY_LATER],
    [CheckErrorCode.UPSTREAM_ERROR, PortingNextStep.CONTACT_SUPPORT],
  ])("%s → %s", (code, step) => {
    expect(NEXT_STEP_BY_ERROR[code]).toBe(step);
  });

  it("says RETRY_LATER exactly for the codes check-failure marks retryable", () => {
    for (const code of Object.values(CheckErrorCode)) {
      expect(NEXT_STEP_BY_ERROR[code] === PortingNextStep.RETRY_LATER, code).toBe(checkFailure(code, "+1", null).retryable);
    }
  });
});
