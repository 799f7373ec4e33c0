import { guidanceFor, NEXT_STEP_BY_ERROR } from "../datasources/guidance.js";
import type { JobResult } from "./job.js";

export const RESULTS_CSV_HEADER = [
  "input",
  "phone_number",
  "outcome",
  "portable",
  "not_portable_reason",
  "not_portable_reason_code",
  "number_type",
  "country",
  "pin_and_account_number_required",
  "account_sid",
  "error_code",
  "retryable",
  // Appended, so a reader of the earlier columns by position still reads them.
  "next_step",
  "guidance",
  "help_url",
] as const;

/**
 * One cell, safe to open in a spreadsheet: a cell starting with = + - @ (or a tab or carriage return)
 * is a formula to Excel and LibreOffice, so it gets a leading ' (OWASP's CSV injection advice). That
 * includes every E.164 number ("'+14155550100"), which a spreadsheet then also keeps as text instead
 * of dropping its + and turning it into a number. Then RFC 4180 quoting when the cell needs it.
 */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | boolean | null)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** A result as its CSV row, columns as RESULTS_CSV_HEADER. */
export function resultRow({ input, result }: JobResult): string {
  if (result.__typename === "PortabilityCheckError") {
    return csvLine([input, result.phoneNumber, "error", null, null, null, null, null, null, null, result.code, result.retryable, NEXT_STEP_BY_ERROR[result.code], null, null]);
  }
  const { nextStep, guidance, helpUrl } = guidanceFor(result);
  return csvLine([
    input,
    result.phoneNumber,
    result.portable ? "portable" : "not_portable",
    result.portable,
    result.notPortableReason,
    result.notPortableReasonCode,
    result.numberType,
    result.country,
    result.pinAndAccountNumberRequired,
    result.accountSid,
    null,
    null,
    nextStep,
    guidance,
    helpUrl,
  ]);
}
