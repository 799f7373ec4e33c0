// @ts-check
/**
 * The default-country choices: every ISO 3166-1 alpha-2 code libphonenumber-js knows (the same list
 * the server validates defaultCountry against), written into the bundle by scripts/build-page.mjs so
 * the page does not carry libphonenumber's metadata. Names come from the browser (Intl.DisplayNames).
 */

/** @type {readonly string[]} */
// @ts-ignore __COUNTRIES__ is replaced at build time (esbuild define).
const COUNTRIES = __COUNTRIES__;

/** @param {HTMLSelectElement} select */
export function fillCountries(select) {
  const names = new Intl.DisplayNames([document.documentElement.lang || "en"], { type: "region", fallback: "code" });
  const options = COUNTRIES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => a.name.localeCompare(b.name));
  for (const { code, name } of options) select.add(new Option(`${name} (${code})`, code));
}
