import { CheckErrorCode } from "../domain/check-error-code.js";
import type { PortabilityAnswer } from "../domain/check-result.js";
import { NotPortableReason } from "../domain/not-portable-reason.js";
import { PortingNextStep } from "../domain/porting-next-step.js";

/** What a person is told to do about a verdict. Our words, never Twilio's body. */
export interface Guidance {
  readonly nextStep: PortingNextStep;
  readonly guidance: string;
  readonly helpUrl: string | null;
}

/**
 * Every verdict falls in exactly one case: the portable two, and each reason, with manual porting
 * split by country because the way to do it differs (a Console port request for US numbers, a
 * support ticket elsewhere; unknown country: say both).
 */
export type VerdictCase =
  | "PORTABLE"
  | "PORTABLE_WITH_PIN"
  | "MANUAL_PORTING_US"
  | "MANUAL_PORTING_ELSEWHERE"
  | "MANUAL_PORTING_COUNTRY_UNKNOWN"
  | Exclude<NotPortableReason, NotPortableReason.MANUAL_PORTING_AVAILABLE>;

const PORT_IN_DOCS = "https://www.twilio.com/docs/phone-numbers/port-in";
const errorDocs = (code: number) => `https://www.twilio.com/docs/api/errors/${code}`;

/**
 * The one table from verdict to next step, words and help page, after Twilio's reason table
 * (22130–22136, 22102, 22171, 20003). A Record, so a new reason or case does not compile until it
 * has its row. Rows are shared, never copied: a 10,000-number batch allocates no guidance.
 */
export const VERDICT_GUIDANCE: Readonly<Record<VerdictCase, Guidance>> = {
  PORTABLE: {
    nextStep: PortingNextStep.PORT_IN,
    guidance: "This number can be ported to the target account: open a port-in request with Twilio's Porting API or in the Console.",
    helpUrl: PORT_IN_DOCS,
  },
  PORTABLE_WITH_PIN: {
    nextStep: PortingNextStep.PORT_IN_WITH_PIN,
    guidance:
      "This number can be ported to the target account. Its current carrier requires the account number and PIN of the number's account there: include both in the port-in request.",
    helpUrl: PORT_IN_DOCS,
  },
  [NotPortableReason.ALREADY_IN_THE_TARGET_ACCOUNT]: {
    nextStep: PortingNextStep.NOTHING_TO_DO,
    guidance: "This number is already in the target account: there is nothing to port.",
    helpUrl: errorDocs(22131),
  },
  [NotPortableReason.ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS]: {
    nextStep: PortingNextStep.MOVE_BETWEEN_ACCOUNTS,
    guidance:
      "This number is already in another of your Twilio accounts (accountSid): it cannot be ported in; move it between your accounts instead.",
    helpUrl: errorDocs(22136),
  },
  [NotPortableReason.ALREADY_IN_TWILIO_DIFFERENT_OWNER]: {
    nextStep: PortingNextStep.MOVE_BETWEEN_ACCOUNTS,
    guidance:
      "This number is already in a Twilio account that belongs to someone else: it cannot be ported in. Only its owner can move it to your account.",
    helpUrl: errorDocs(22132),
  },
  MANUAL_PORTING_US: {
    nextStep: PortingNextStep.MANUAL_PORT_REQUEST,
    guidance: "This number cannot be ported through the API, but it can be ported manually: open a port request in the Twilio Console.",
    helpUrl: errorDocs(22133),
  },
  MANUAL_PORTING_ELSEWHERE: {
    nextStep: PortingNextStep.MANUAL_PORT_REQUEST,
    guidance: "This number cannot be ported through the API, but it can be ported manually: open a Twilio support ticket to port it.",
    helpUrl: errorDocs(22133),
  },
  MANUAL_PORTING_COUNTRY_UNKNOWN: {
    nextStep: PortingNextStep.MANUAL_PORT_REQUEST,
    guidance:
      "This number cannot be ported through the API, but it can be ported manually: for a US number open a port request in the Twilio Console, for any other a Twilio support ticket.",
    helpUrl: errorDocs(22133),
  },
  [NotPortableReason.UNSUPPORTED]: {
    nextStep: PortingNextStep.NOT_SUPPORTED,
    guidance: "Twilio cannot port this number: its country, rate center or carrier is not supported for porting.",
    helpUrl: errorDocs(22130),
  },
  [NotPortableReason.INVALID_PHONE_NUMBER]: {
    nextStep: PortingNextStep.FIX_PHONE_NUMBER,
    guidance: "This is not a valid phone number: give it in E.164 (+14155550100), or give defaultCountry for a national format, and check again.",
    helpUrl: errorDocs(22102),
  },
  [NotPortableReason.MISSING_REQUIRED_FIELDS]: {
    nextStep: PortingNextStep.PROVIDE_MISSING_FIELDS,
    guidance: "Twilio needs more information to check this number, such as the address of the number's owner: check again with an addressSid.",
    helpUrl: errorDocs(22171),
  },
  [NotPortableReason.UNAUTHORIZED]: {
    nextStep: PortingNextStep.CHECK_ACCOUNT_ACCESS,
    guidance:
      "Twilio did not let this service check numbers for the target account: make sure targetAccountSid is this service's account or one of its subaccounts.",
    helpUrl: errorDocs(20003),
  },
  [NotPortableReason.ERROR_INTERNAL_SERVER_ERROR]: {
    nextStep: PortingNextStep.RETRY_LATER,
    guidance: "Twilio had an internal error checking this number: check it again later.",
    helpUrl: errorDocs(22135),
  },
  [NotPortableReason.UNKNOWN]: {
    nextStep: PortingNextStep.CONTACT_SUPPORT,
    guidance: "Twilio gave a reason this service does not know yet: contact Twilio support with the reason code (notPortableReasonCode).",
    helpUrl: null,
  },
};

/** Which row a verdict reads. Not portable without a reason is a reason we do not know. */
export function verdictCase(answer: Pick<PortabilityAnswer, "portable" | "pinAndAccountNumberRequired" | "notPortableReason" | "country">): VerdictCase {
  if (answer.portable) return answer.pinAndAccountNumberRequired === true ? "PORTABLE_WITH_PIN" : "PORTABLE";
  const reason = answer.notPortableReason ?? NotPortableReason.UNKNOWN;
  if (reason !== NotPortableReason.MANUAL_PORTING_AVAILABLE) return reason;
  if (answer.country === null) return "MANUAL_PORTING_COUNTRY_UNKNOWN";
  return answer.country === "US" ? "MANUAL_PORTING_US" : "MANUAL_PORTING_ELSEWHERE";
}

/**
 * The row for a verdict. The one exception to "rows are shared": a reason we do not know still has
 * a code, and Twilio documents every code at the same address, so UNKNOWN with a code gets its page.
 */
export function guidanceFor(answer: Pick<PortabilityAnswer, "portable" | "pinAndAccountNumberRequired" | "notPortableReason" | "notPortableReasonCode" | "country">): Guidance {
  const row = VERDICT_GUIDANCE[verdictCase(answer)];
  if (row.nextStep === PortingNextStep.CONTACT_SUPPORT && answer.notPortableReasonCode !== null) {
    return { ...row, helpUrl: errorDocs(answer.notPortableReasonCode) };
  }
  return row;
}

/**
 * The one table from check-error code to next step. Retryable codes are RETRY_LATER (a test holds
 * this to check-failure.ts's retryable column); Twilio refusing our credentials is for whoever runs
 * this service to fix, so the caller is pointed at account access; an answer we could not use is
 * nothing the caller can fix.
 */
export const NEXT_STEP_BY_ERROR: Readonly<Record<CheckErrorCode, PortingNextStep>> = {
  [CheckErrorCode.UPSTREAM_AUTHENTICATION_FAILED]: PortingNextStep.CHECK_ACCOUNT_ACCESS,
  [CheckErrorCode.UPSTREAM_RATE_LIMITED]: PortingNextStep.RETRY_LATER,
  [CheckErrorCode.UPSTREAM_TIMEOUT]: PortingNextStep.RETRY_LATER,
  [CheckErrorCode.UPSTREAM_UNAVAILABLE]: PortingNextStep.RETRY_LATER,
  [CheckErrorCode.SHUTTING_DOWN]: PortingNextStep.RETRY_LATER,
  [CheckErrorCode.UPSTREAM_ERROR]: PortingNextStep.CONTACT_SUPPORT,
};
