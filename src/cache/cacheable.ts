import type { CachedVerdict, VerdictKey } from "./verdict-cache.js";
import { toE164 } from "../datasources/e164.js";
import { TRANSIENT_REASON_CODE } from "../datasources/reason-codes.js";
import { NotPortableReason } from "../domain/not-portable-reason.js";

/** Reasons that describe a moment or this service's access, not the number. */
const NOT_CACHED_REASONS: ReadonlySet<NotPortableReason> = new Set([
  // 22135: Twilio's own transient failure; the next ask may well get a verdict.
  NotPortableReason.ERROR_INTERNAL_SERVER_ERROR,
  // 20003: this service may not act for the target; fixing that must take effect at once, not in 5 minutes.
  NotPortableReason.UNAUTHORIZED,
]);

/**
 * What may be served to a later request. Only Twilio's verdicts: never a PortabilityCheckError (a
 * failure is not an answer, and typing does not stop a loosely typed caller from passing one), never a
 * transient one, and never the INVALID_PHONE_NUMBER answer this layer makes itself for a number that
 * is not E.164 (it costs nothing to make again, and its key is the caller's free text).
 */
export function isCacheable(key: VerdictKey, verdict: CachedVerdict): boolean {
  const { answer } = verdict;
  if ((answer.__typename as string) !== "Portability" || !Number.isFinite(verdict.checkedAt)) return false;
  if (toE164(key.phoneNumber) !== key.phoneNumber) return false;
  if (answer.notPortableReasonCode === TRANSIENT_REASON_CODE) return false;
  if (answer.notPortableReason !== null && NOT_CACHED_REASONS.has(answer.notPortableReason)) return false;
  return !(answer.notPortableReason === NotPortableReason.INVALID_PHONE_NUMBER && toE164(answer.phoneNumber) === null);
}
