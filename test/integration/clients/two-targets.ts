import { portabilityBody, type StubTwilio } from "../../helpers/stub-twilio.js";

/** One number, two targets, two different verdicts: what a client cache must keep apart. */
export const NUMBER = "+14155550100";
export const TARGET_A = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0a";
export const TARGET_B = "ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb0b";

/** Target A already holds the number; for target B it is portable. */
export function answerPerTarget(stub: StubTwilio): void {
  stub.respond((request) =>
    request.query.TargetAccountSid === TARGET_A
      ? {
          status: 200,
          body: portabilityBody(request.phoneNumber, {
            portable: false,
            not_portable_reason: "ALREADY_IN_THE_TARGET_ACCOUNT",
            not_portable_reason_code: 22131,
            account_sid: TARGET_A,
          }),
        }
      : { status: 200, body: portabilityBody(request.phoneNumber) },
  );
}
