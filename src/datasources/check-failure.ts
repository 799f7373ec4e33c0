import type { CheckFailure } from "../domain/check-result.js";
import { CheckErrorCode } from "../domain/check-error-code.js";

/** The one table from failure code to message and retryability. Messages are ours: Twilio's body never reaches a client. */
const FAILURES: Readonly<Record<CheckErrorCode, { message: string; retryable: boolean }>> = {
  [CheckErrorCode.UPSTREAM_AUTHENTICATION_FAILED]: {
    message: "Twilio rejected this service's credentials; the check was not made.",
    retryable: false,
  },
  [CheckErrorCode.UPSTREAM_RATE_LIMITED]: {
    message: "Twilio is rate-limiting portability checks; try again shortly.",
    retryable: true,
  },
  [CheckErrorCode.UPSTREAM_TIMEOUT]: {
    message: "Twilio did not answer in time.",
    retryable: true,
  },
  [CheckErrorCode.UPSTREAM_UNAVAILABLE]: {
    message: "Twilio's portability service is unavailable right now.",
    retryable: true,
  },
  [CheckErrorCode.UPSTREAM_ERROR]: {
    message: "Twilio returned an answer this service could not use.",
    retryable: false,
  },
  [CheckErrorCode.SHUTTING_DOWN]: {
    message: "This server was stopping before the number could be checked; check it again.",
    retryable: true,
  },
};

export function checkFailure(code: CheckErrorCode, phoneNumber: string, twilioErrorCode: number | null): CheckFailure {
  const { message, retryable } = FAILURES[code];
  return { __typename: "PortabilityCheckError", phoneNumber, code, message, retryable, twilioErrorCode };
}
