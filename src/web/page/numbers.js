// @ts-check
import { numbersFromCsv } from "../../jobs/numbers-csv.js";

/**
 * The numbers of the text field: one per line, or several on a line separated by commas. Blank
 * entries are skipped; each number is sent as typed (the server reports a bad one as
 * INVALID_PHONE_NUMBER in its results, so nothing is dropped here silently).
 * @param {string} text @returns {string[]}
 */
export function numbersFromText(text) {
  return text
    .split(/[\r\n,]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

/**
 * The numbers of a file: exactly what POST /jobs would read from it (src/jobs/numbers-csv.ts, bundled
 * into the page), so a file behaves the same here and with curl: a plain list, or a header row with a
 * phone_number column (a results.csv of an earlier job works too).
 * @param {File} file @returns {Promise<string[]>}
 */
export async function numbersFromFile(file) {
  return numbersFromCsv(await file.text()).filter((entry) => entry !== "");
}
