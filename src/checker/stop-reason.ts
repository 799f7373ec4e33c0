import { CheckErrorCode } from "../domain/check-error-code.js";

/**
 * Why a request's checks were stopped before they ended by themselves. It travels as the reason of
 * the request's AbortSignal, so every waiting or in-flight check learns it at once.
 */
export type StopReason = "deadline" | "shutdown" | "disconnected";

export class CheckStopped extends Error {
  override readonly name = "CheckStopped";
  constructor(readonly reason: StopReason) {
    super(`checks stopped: ${reason}`);
  }
}

/**
 * The one table from stop reason to what an unfinished check reports. A client that disconnected
 * reads nothing, but the result still has to be a well-formed one for the response being discarded.
 */
export const CODE_FOR_STOP: Readonly<Record<StopReason, CheckErrorCode>> = {
  deadline: CheckErrorCode.UPSTREAM_TIMEOUT,
  shutdown: CheckErrorCode.SHUTTING_DOWN,
  disconnected: CheckErrorCode.UPSTREAM_TIMEOUT,
};

/** The reason behind an aborted signal; anything not ours reads as a deadline. */
export function stopReasonOf(reason: unknown): StopReason {
  return reason instanceof CheckStopped ? reason.reason : "deadline";
}
