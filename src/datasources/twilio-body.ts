import { Ajv } from "ajv";

/** GraphQL's Int is 32-bit: a larger code would fail the whole response at serialization. */
const INT32 = { type: "integer", minimum: -2_147_483_648, maximum: 2_147_483_647 } as const;

/**
 * The published formats of the fields we pass on to clients, as patterns (Twilio's OpenAPI names
 * `phone-number`, `iso-country-code` and `uri`, and gives account_sid's pattern). Without them an
 * upstream (or anything posing as one) could put any text in an answer: `country: "<img src=x>"`
 * would reach every client that renders it.
 */
export const E164 = "^\\+[1-9][0-9]{1,14}$";
export const ACCOUNT_SID = "^AC[0-9a-fA-F]{32}$";
export const ISO_3166_ALPHA_2 = "^[A-Z]{2}$";
/** An https URL on a Twilio numbers host with the resource's own path (Twilio's example shape; edges and regions keep the path). */
export const PORTABILITY_URL = "^https://numbers(\\.[a-z0-9-]+)*\\.twilio\\.com/v1/Porting/Portability/PhoneNumber/(\\+|%2B)[1-9][0-9]{1,14}([?][^#\\s]*)?$";

/**
 * What Twilio's `numbers.v1.porting_portability` body may hold, taken from its OpenAPI: types,
 * nullability and formats. `portable` is required: without it there is no answer. A body that breaks
 * any of it is no answer at all (UPSTREAM_ERROR), not an answer with the bad field dropped.
 * test/unit/datasources/twilio-body.test.ts checks this against the published spec.
 */
export const PORTABILITY_BODY_SCHEMA = {
  type: "object",
  required: ["portable"],
  properties: {
    phone_number: { type: "string", nullable: true, pattern: E164 },
    account_sid: { type: "string", nullable: true, pattern: ACCOUNT_SID },
    portable: { type: "boolean" },
    pin_and_account_number_required: { type: "boolean", nullable: true },
    not_portable_reason: { type: "string", nullable: true },
    not_portable_reason_code: { ...INT32, nullable: true },
    number_type: { type: "string", nullable: true },
    country: { type: "string", nullable: true, pattern: ISO_3166_ALPHA_2 },
    url: { type: "string", nullable: true, pattern: PORTABILITY_URL },
  },
} as const;

export interface TwilioPortabilityBody {
  phone_number?: string | null;
  account_sid?: string | null;
  portable: boolean;
  pin_and_account_number_required?: boolean | null;
  not_portable_reason?: string | null;
  not_portable_reason_code?: number | null;
  number_type?: string | null;
  country?: string | null;
  url?: string | null;
}

const ajv = new Ajv({ allErrors: false, strict: true });
const validatePortability = ajv.compile<TwilioPortabilityBody>(PORTABILITY_BODY_SCHEMA);

/** Twilio's error body, classic `{code, message, more_info, status}` or RFC 9457 `{type, title, status, detail, code}`. */
const validateError = ajv.compile<{ code: number }>({
  type: "object",
  required: ["code"],
  properties: { code: INT32 },
});

export type ParsedBody =
  | { kind: "portability"; body: TwilioPortabilityBody }
  | { kind: "error"; code: number }
  | { kind: "unreadable" };

/** Reads an upstream body. Never throws: a body we cannot read is an outcome, not a crash. */
export function parseTwilioBody(text: string): ParsedBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: "unreadable" };
  }
  if (validatePortability(json)) return { kind: "portability", body: json };
  if (validateError(json)) return { kind: "error", code: json.code };
  return { kind: "unreadable" };
}
