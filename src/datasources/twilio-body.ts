import { Ajv } from "ajv";

/** GraphQL's Int is 32-bit: a larger code would fail the whole response at serialization. */
const INT32 = { type: "integer", minimum: -2_147_483_648, maximum: 2_147_483_647 } as const;

/**
 * What Twilio's `numbers.v1.porting_portability` body may hold, taken from its OpenAPI (types and
 * nullability; formats are left to the mapper). `portable` is required: without it there is no answer.
 * test/unit/datasources/twilio-body.test.ts checks this against the published spec.
 */
export const PORTABILITY_BODY_SCHEMA = {
  type: "object",
  required: ["portable"],
  properties: {
    phone_number: { type: "string", nullable: true },
    account_sid: { type: "string", nullable: true },
    portable: { type: "boolean" },
    pin_and_account_number_required: { type: "boolean", nullable: true },
    not_portable_reason: { type: "string", nullable: true },
    not_portable_reason_code: { ...INT32, nullable: true },
    number_type: { type: "string", nullable: true },
    country: { type: "string", nullable: true },
    url: { type: "string", nullable: true },
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
