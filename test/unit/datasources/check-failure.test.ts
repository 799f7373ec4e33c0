import { describe, expect, it } from "vitest";
import { CheckErrorCode } from "../../../src/domain/check-error-code.js";
import { checkFailure } from "../../../src/datasources/check-failure.js";

describe("checkFailure", () => {
  it.each([
    [CheckErrorCode.UPSTREAM_AUTHENTICATION_FAILED, "Twilio rejected this service's credentials; the check was not made.", false],
    [CheckErrorCode.UPSTREAM_RATE_LIMITED, "Twilio is rate-limiting portability checks; try again shortly.", true],
    [CheckErrorCode.UPSTREAM_TIMEOUT, "Twilio did not answer in time.", true],
    [CheckErrorCode.UPSTREAM_UNAVAILABLE, "Twilio's portability service is unavailable right now.", true],
    [CheckErrorCode.UPSTREAM_ERROR, "Twilio returned an answer this service could not use.", false],
    [CheckErrorCode.SHUTTING_DOWN, "This server was stopping before the number could be checked; check it again.", true],
  ])("builds %s with our own message and retryable=%s", (code, message, retryable) => {
    expect(checkFailure(code, "+14155550100", 20429)).toEqual({
      __typename: "PortabilityCheckError",
      phoneNumber: "+14155550100",
      code,
      message,
      retryable,
      twilioErrorCode: 20429,
    });
  });

  it("keeps a null Twilio error code as null", () => {
    expect(checkFailure(CheckErrorCode.UPSTREAM_TIMEOUT, "+14155550100", null).twilioErrorCode).toBeNull();
  });

  it("marks exactly RATE_LIMITED, TIMEOUT, UNAVAILABLE and SHUTTING_DOWN retryable", () => {
    const retryable = Object.values(CheckErrorCode).filter((code) => checkFailure(code, "+1", null).retryable);
    expect(retryable.sort()).toEqual(
      [CheckErrorCode.UPSTREAM_RATE_LIMITED, CheckErrorCode.UPSTREAM_TIMEOUT, CheckErrorCode.UPSTREAM_UNAVAILABLE, CheckErrorCode.SHUTTING_DOWN].sort(),
    );
  });
});
