import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/min";

/** Twilio's E.164 rule. `\d` without the `u` flag is ASCII only, so unicode digits never pass. */
const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * The number to send upstream, or null when it cannot be one: the one place a given number is read,
 * used by the checker (what to ask) and by the loader's key (what counts as a repeat), so that
 * "(415) 555-0100" with US and "+14155550100" are one check.
 *
 * Without `defaultCountry`: E.164 only, after trimming surrounding whitespace, as Twilio accepts.
 * With it (an ISO 3166-1 alpha-2 code the schema has validated): also national and international
 * formats, read with libphonenumber's numbering plan for that country. "min" metadata is enough to
 * read a number (lengths and prefixes); "max" only adds number-type patterns, which Twilio judges.
 * Refused even then: text around the number (extract: false), an extension (porting moves the line,
 * not an extension; dropping it would check something else than was given), and a length that is
 * not possible for the country, so obvious garbage is answered INVALID_PHONE_NUMBER without a call.
 */
export function toE164(given: string, defaultCountry: string | null = null): string | null {
  const trimmed = given.trim();
  if (E164.test(trimmed)) return trimmed;
  if (defaultCountry === null) return null;
  const parsed = parsePhoneNumberFromString(trimmed, { defaultCountry: defaultCountry as CountryCode, extract: false });
  if (parsed === undefined || parsed.ext !== undefined || !parsed.isPossible()) return null;
  return E164.test(parsed.number) ? parsed.number : null;
}
