import { parsePhoneNumberFromString } from "libphonenumber-js/min";

/**
 * A phone number as logs may show it: country calling code and last two digits only
 * ("+14155550100" → "+1********00"). Anything that is not a plausible E.164 number is hidden
 * whole: it may be anything a caller typed.
 */
export function maskPhoneNumber(value: unknown): string {
  if (typeof value !== "string") return "[masked]";
  const trimmed = value.trim();
  if (!/^\+[1-9]\d{1,14}$/.test(trimmed)) return "[masked]";
  const countryCode = parsePhoneNumberFromString(trimmed)?.countryCallingCode ?? trimmed.slice(1, 2);
  const subscriber = trimmed.slice(1 + countryCode.length);
  // Too short to hide anything behind the last two digits: show none, or they would overlap the code.
  const shown = subscriber.length > 2 ? subscriber.slice(-2) : "";
  return `+${countryCode}${"*".repeat(subscriber.length - shown.length)}${shown}`;
}

/** Masks every E.164-looking run in free text (error messages, stacks) before it is logged. */
export function maskPhoneNumbersIn(text: string): string {
  return text.replace(/\+?[1-9]\d{5,14}/g, (match) => (match.startsWith("+") ? maskPhoneNumber(match) : `${"*".repeat(match.length - 2)}${match.slice(-2)}`));
}
