import { describe, expect, it } from "vitest";
import { resultId } from "../../../src/domain/result-id.js";
import { toReturnedResult } from "../../../src/resolvers/returned-result.js";
import { CheckErrorCode } from "../../../src/domain/check-error-code.js";
import { NotPortableReason } from "../../../src/domain/not-portable-reason.js";
import { PortingNextStep } from "../../../src/domain/porting-next-step.js";
import { VERDICT_GUIDANCE } from "../../../src/datasources/guidance.js";
import { expectedFailure, expectedPortable } from "../datasources/expected-results.js";

const TARGET = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0a";

describe("toReturnedResult", () => {
  it("adds id, input, target and address to a copy, leaving the shared result untouched", () => {
    const shared = Object.freeze(expectedPortable("+14155550100", { checkedAt: 1 }));
    const first = toReturnedResult(shared, "+14155550100", TARGET, null);
    const second = toReturnedResult(shared, " +14155550100 ", TARGET, null);
    expect(first).toEqual({
      ...shared,
      id: resultId(TARGET, null, "+14155550100"),
      input: "+14155550100",
      targetAccountSid: TARGET,
      addressSid: null,
      ...VERDICT_GUIDANCE.PORTABLE,
    });
    expect(second.input).toBe(" +14155550100 ");
    expect(second.id).toBe(first.id);
    expect(first).not.toBe(shared);
    expect(shared).not.toHaveProperty("input");
  });

  it("keys a failure by the number checked, like an answer", () => {
    const failure = expectedFailure(CheckErrorCode.UPSTREAM_TIMEOUT, "+14155550100", null);
    expect(toReturnedResult(failure, "+14155550100", null, null)).toMatchObject({
      __typename: "PortabilityCheckError",
      id: resultId(null, null, "+14155550100"),
      targetAccountSid: null,
      nextStep: PortingNextStep.RETRY_LATER,
    });
    expect(toReturnedResult(failure, "+14155550100", null, null)).not.toHaveProperty("guidance");
  });
});

describe("toReturnedResult guidance", () => {
  it("reads the verdict's row: a manual-porting verdict for a GB number says a support ticket", () => {
    const answer = expectedPortable("+442071838750", { portable: false, notPortableReason: NotPortableReason.MANUAL_PORTING_AVAILABLE, notPortableReasonCode: 22133, country: "GB" });
    expect(toReturnedResult(answer, "+442071838750", null, null)).toMatchObject(VERDICT_GUIDANCE.MANUAL_PORTING_ELSEWHERE);
  });
});
