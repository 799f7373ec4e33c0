import { parsePhoneNumberFromString, type NumberType as NumberingPlanType } from "libphonenumber-js/max";
import { isSelfOrSubaccount, ownerOf, type SandboxAccount } from "./accounts.js";
import { MAGIC_NUMBERS, type MagicVerdict } from "./magic-numbers.js";

/** `number_type` values of Twilio's `porting_portability_enum_number_type`. */
export type NumberType = "LOCAL" | "UNKNOWN" | "MOBILE" | "TOLL-FREE";

/** Every `not_portable_reason` the sandbox emits, with the `not_portable_reason_code` Twilio pairs it with. */
export const NOT_PORTABLE_REASON_CODES = {
  UNSUPPORTED: 22130,
  ALREADY_IN_THE_TARGET_ACCOUNT: 22131,
  ALREADY_IN_TWILIO_DIFFERENT_OWNER: 22132,
  MANUAL_PORTING_AVAILABLE: 22133,
  ERROR_INTERNAL_SERVER_ERROR: 22135,
  ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS: 22136,
  MISSING_REQUIRED_FIELDS: 22171,
  UNAUTHORIZED: 20003,
} as const;
export type NotPortableReason = keyof typeof NOT_PORTABLE_REASON_CODES;

/** The wire body of `numbers.v1.porting_portability`: snake_case, all nine fields always present. */
export interface PortabilityBody {
  phone_number: string;
  account_sid: string | null;
  portable: boolean;
  pin_and_account_number_required: boolean;
  not_portable_reason: NotPortableReason | null;
  not_portable_reason_code: number | null;
  number_type: NumberType;
  country: string | null;
  url: string;
}

/** A Twilio REST error; `status` is also the HTTP status it is sent with. */
export interface TwilioError {
  readonly status: number;
  readonly code: number;
  readonly message: string;
  /** Sent as `Retry-After` (seconds). */
  readonly retryAfterSeconds?: number;
}

/** Twilio's JSON error body. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export const SANDBOX_ERRORS = {
  authenticate: { status: 401, code: 20003, message: "Authenticate" },
  rateLimited: { status: 429, code: 20429, message: "Too Many Requests", retryAfterSeconds: 1 },
  unavailable: { status: 503, code: 20503, message: "Service Unavailable: please retry the request" },
} as const satisfies Record<string, TwilioError>;

export function notFoundError(path: string): TwilioError {
  return { status: 404, code: 20404, message: `The requested resource ${path} was not found` };
}

export function twilioErrorBody(error: TwilioError): TwilioErrorBody {
  return {
    code: error.code,
    message: error.message,
    more_info: `https://www.twilio.com/docs/errors/${error.code}`,
    status: error.status,
  };
}

export interface PortabilityRequest {
  /** The path segment, already percent-decoded; not yet validated. */
  readonly phoneNumber: string;
  /** The authenticated account (an API key acts as its account). */
  readonly caller: SandboxAccount;
  /** TargetAccountSid as sent; absent means the caller. */
  readonly targetAccountSid?: string | undefined;
  /** AddressSid as sent. */
  readonly addressSid?: string | undefined;
}

export type PortabilityOutcome =
  | { readonly kind: "verdict"; readonly body: PortabilityBody; readonly holdMs: number }
  | { readonly kind: "error"; readonly error: TwilioError };

const E164 = /^\+[1-9]\d{1,14}$/;
const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const ADDRESS_SID = /^AD[0-9a-fA-F]{32}$/;
/** Twilio's resource URL: its own origin and the raw E.164 number, whatever host was asked. */
const URL_PREFIX = "https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/";

/**
 * What Twilio answers for one portability check. Checks run in a fixed order (Twilio does not
 * document its own; docs/sandbox.md does ours): parameter validation, the transport-fault magic
 * numbers, target authorization, the verdict magic numbers, then the numbering-plan rules.
 * Pure apart from reading the fixed sandbox fixture.
 */
export function checkPortability(request: PortabilityRequest): PortabilityOutcome {
  const { phoneNumber, caller, targetAccountSid = caller.sid, addressSid } = request;
  if (!E164.test(phoneNumber)) {
    return invalid(22102, `Invalid parameter PhoneNumber: "${phoneNumber}" is not an E.164 phone number`);
  }
  if (!ACCOUNT_SID.test(targetAccountSid)) {
    return invalid(20001, "Invalid parameter TargetAccountSid: must match ^AC[0-9a-fA-F]{32}$");
  }
  if (addressSid !== undefined && !ADDRESS_SID.test(addressSid)) {
    return invalid(20001, "Invalid parameter AddressSid: must match ^AD[0-9a-fA-F]{32}$");
  }

  const magic = MAGIC_NUMBERS.get(phoneNumber);
  if (magic?.kind === "fault") {
    const error = magic.fault === "rate-limited" ? SANDBOX_ERRORS.rateLimited : SANDBOX_ERRORS.unavailable;
    return { kind: "error", error };
  }

  if (!isSelfOrSubaccount(caller, targetAccountSid)) {
    const { country, numberType } = placeNumber(phoneNumber);
    return answer(notPortable(phoneNumber, "UNAUTHORIZED", { country, numberType }));
  }

  if (magic !== undefined) {
    const verdict = (addressSid !== undefined && magic.withAddressSid) || magic.verdict;
    return answer(fromMagic(phoneNumber, verdict, targetAccountSid), magic.holdMs);
  }
  return answer(numberingPlanVerdict(phoneNumber, placeNumber(phoneNumber), caller, targetAccountSid));
}

/** The body the sandbox sends when its error-rate knob turns a verdict into Twilio's internal error. */
export function asInternalError(body: PortabilityBody): PortabilityBody {
  return notPortable(body.phone_number, "ERROR_INTERNAL_SERVER_ERROR", {
    country: body.country,
    numberType: body.number_type,
  });
}

function invalid(code: number, message: string): PortabilityOutcome {
  return { kind: "error", error: { status: 400, code, message } };
}

function answer(body: PortabilityBody, holdMs = 0): PortabilityOutcome {
  return { kind: "verdict", body, holdMs };
}

interface Details {
  readonly country: string | null;
  readonly numberType: NumberType;
  readonly pinAndAccountNumberRequired?: boolean;
  readonly accountSid?: string | null;
}

function portable(phoneNumber: string, details: Details): PortabilityBody {
  return body(phoneNumber, true, null, details);
}

function notPortable(phoneNumber: string, reason: NotPortableReason, details: Details): PortabilityBody {
  return body(phoneNumber, false, reason, details);
}

function body(
  phoneNumber: string,
  isPortable: boolean,
  reason: NotPortableReason | null,
  details: Details,
): PortabilityBody {
  return {
    phone_number: phoneNumber,
    account_sid: details.accountSid ?? null,
    portable: isPortable,
    pin_and_account_number_required: details.pinAndAccountNumberRequired ?? false,
    not_portable_reason: reason,
    not_portable_reason_code: reason === null ? null : NOT_PORTABLE_REASON_CODES[reason],
    number_type: details.numberType,
    country: details.country,
    url: URL_PREFIX + phoneNumber,
  };
}

function fromMagic(phoneNumber: string, verdict: MagicVerdict, targetAccountSid: string): PortabilityBody {
  return body(phoneNumber, verdict.reason === null, verdict.reason, {
    country: "US",
    numberType: verdict.numberType,
    pinAndAccountNumberRequired: verdict.pinAndAccountNumberRequired,
    accountSid: verdict.accountSid === "target" ? targetAccountSid : verdict.accountSid,
  });
}

/**
 * The verdict for a non-magic number once placed in the numbering plan. Exported apart from
 * placeNumber because libphonenumber never calls a US number MOBILE (the NANP does not split
 * mobile from fixed ranges), so tests need to hand in such a placement themselves.
 */
export function numberingPlanVerdict(
  phoneNumber: string,
  place: NumberPlacement,
  caller: SandboxAccount,
  targetAccountSid: string,
): PortabilityBody {
  const { country, numberType } = place;
  const owner = ownerOf(phoneNumber);
  if (owner !== undefined) {
    // account_sid is only revealed for numbers in the caller's own accounts.
    const mine = isSelfOrSubaccount(caller, owner.sid);
    const reason: NotPortableReason =
      owner.sid === targetAccountSid
        ? "ALREADY_IN_THE_TARGET_ACCOUNT"
        : mine
          ? "ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS"
          : "ALREADY_IN_TWILIO_DIFFERENT_OWNER";
    return notPortable(phoneNumber, reason, { country, numberType, accountSid: mine ? owner.sid : null });
  }

  // Porting a mobile number away from its carrier needs the PIN and account number it issued.
  const pinAndAccountNumberRequired = numberType === "MOBILE";
  switch (place.route) {
    case "portable":
      return portable(phoneNumber, { country, numberType, pinAndAccountNumberRequired });
    case "manual":
      return notPortable(phoneNumber, "MANUAL_PORTING_AVAILABLE", { country, numberType, pinAndAccountNumberRequired });
    case "unsupported":
      return notPortable(phoneNumber, "UNSUPPORTED", {
        country,
        numberType: "UNKNOWN",
        pinAndAccountNumberRequired: true,
      });
  }
}

/** How Twilio's porting desk treats a number: automated port-in, a manual request, or not at all. */
export interface NumberPlacement {
  readonly country: string | null;
  readonly numberType: NumberType;
  readonly route: "portable" | "manual" | "unsupported";
}

/** Countries whose numbers Twilio ports through a manual request rather than the Porting API. */
const MANUAL_PORTING_COUNTRIES: ReadonlySet<string> = new Set(["CA", "GB", "AU", "DE"]);

/**
 * NANP toll-free area codes. Twilio's own example (+18001234567) is one libphonenumber rejects
 * (it has no US pattern for 800-123), and Twilio's documents win over the numbering data.
 */
const NANP_TOLL_FREE = /^\+18(?:00|33|44|55|66|77|88)\d{7}$/;

const WIRE_TYPES: Partial<Record<NonNullable<NumberingPlanType>, NumberType>> = {
  FIXED_LINE: "LOCAL",
  FIXED_LINE_OR_MOBILE: "LOCAL",
  MOBILE: "MOBILE",
  TOLL_FREE: "TOLL-FREE",
};

// Parsing with full metadata costs ~15-25 µs; benchmarks hammer a few numbers, so remember them.
const placements = new Map<string, NumberPlacement>();
const MAX_REMEMBERED_PLACEMENTS = 10_000;

/** Country, number type and porting route of an E.164 number, from libphonenumber's full metadata. */
export function placeNumber(phoneNumber: string): NumberPlacement {
  let placement = placements.get(phoneNumber);
  if (placement === undefined) {
    placement = computePlacement(phoneNumber);
    if (placements.size >= MAX_REMEMBERED_PLACEMENTS) placements.clear();
    placements.set(phoneNumber, placement);
  }
  return placement;
}

function computePlacement(phoneNumber: string): NumberPlacement {
  if (NANP_TOLL_FREE.test(phoneNumber)) return { country: "US", numberType: "TOLL-FREE", route: "manual" };
  const parsed = parsePhoneNumberFromString(phoneNumber);
  const country = parsed?.country ?? null;
  const type = parsed?.isValid() ? parsed.getType() : undefined;
  const numberType = (type && WIRE_TYPES[type]) ?? "UNKNOWN";
  if (country === "US" && (numberType === "LOCAL" || numberType === "MOBILE")) {
    return { country, numberType, route: "portable" };
  }
  if (country !== null && type !== undefined && MANUAL_PORTING_COUNTRIES.has(country)) {
    return { country, numberType, route: "manual" };
  }
  return { country, numberType: "UNKNOWN", route: "unsupported" };
}
