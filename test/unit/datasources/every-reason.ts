import { NotPortableReason } from "../../../src/domain/not-portable-reason.js";

/** Every reason code Twilio documents for the Porting Portability API, with the reason it stands for. */
export const EVERY_REASON: ReadonlyArray<readonly [number, NotPortableReason]> = [
  [22131, NotPortableReason.ALREADY_IN_THE_TARGET_ACCOUNT],
  [22132, NotPortableReason.ALREADY_IN_TWILIO_DIFFERENT_OWNER],
  [22136, NotPortableReason.ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS],
  [22130, NotPortableReason.UNSUPPORTED],
  [22133, NotPortableReason.MANUAL_PORTING_AVAILABLE],
  [22102, NotPortableReason.INVALID_PHONE_NUMBER],
  [22171, NotPortableReason.MISSING_REQUIRED_FIELDS],
  [22135, NotPortableReason.ERROR_INTERNAL_SERVER_ERROR],
  [20003, NotPortableReason.UNAUTHORIZED],
];
