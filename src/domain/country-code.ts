import { getCountries } from "libphonenumber-js/min";

/**
 * The countries a national number can be read in: libphonenumber's, ISO 3166-1 alpha-2 in capitals.
 * A code without a numbering plan (AQ, say) could read no number, so it is refused rather than
 * silently turning every national number invalid.
 */
export const COUNTRY_CODES: readonly string[] = getCountries();
const KNOWN = new Set(COUNTRY_CODES);

export const DEFAULT_COUNTRY_RULE = "defaultCountry must be an ISO 3166-1 alpha-2 country code in capitals, such as US or GB";

export function isCountryCode(value: string): boolean {
  return KNOWN.has(value);
}
