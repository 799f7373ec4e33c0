import { NotPortableReason } from "../domain/not-portable-reason.js";

/** Twilio's portability reason codes. The one table from code to reason; strings are tried first. */
export const REASON_BY_CODE: ReadonlyMap<number, NotPortableReason> = new Map([
  [22130, NotPortableReason.UNSUPPORTED],
  [22131, NotPortableReason.ALREADY_IN_THE_TARGET_ACCOUNT],
  [22132, NotPortableReason.ALREADY_IN_TWILIO_DIFFERENT_OWNER],
  [22133, NotPortableReason.MANUAL_PORTING_AVAILABLE],
  [22135, NotPortableReason.ERROR_INTERNAL_SERVER_ERROR],
  [22136, NotPortableReason.ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS],
  [22102, NotPortableReason.INVALID_PHONE_NUMBER],
  [22171, NotPortableReason.MISSING_REQUIRED_FIELDS],
  [20003, NotPortableReason.UNAUTHORIZED],
]);

/** 22135 is Twilio's own transient failure: worth another attempt before it is reported. */
export const TRANSIENT_REASON_CODE = 22135;
export const INVALID_PHONE_NUMBER_CODE = 22102;

const KNOWN_REASONS: ReadonlySet<string> = new Set(Object.values(NotPortableReason));

/** By Twilio's reason string when we know it, else by its code, else UNKNOWN (the raw code is kept apart). */
export function toNotPortableReason(reason: string | null, code: number | null): NotPortableReason | null {
  if (reason !== null && reason !== NotPortableReason.UNKNOWN && KNOWN_REASONS.has(reason)) {
    return reason as NotPortableReason;
  }
  if (code !== null) return REASON_BY_CODE.get(code) ?? NotPortableReason.UNKNOWN;
  return reason === null ? null : NotPortableReason.UNKNOWN;
}
