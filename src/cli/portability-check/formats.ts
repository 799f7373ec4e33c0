import { RESULTS_CSV_HEADER, csvLine, resultRow } from "../../jobs/results-csv.js";
import { asJobResult, type ResultNode } from "./result-node.js";
import { countsOf } from "../../jobs/job.js";

export type Format = "csv" | "json" | "table";

/** The results as one output text; each format carries every result, in input order. */
export function formatted(results: readonly ResultNode[], format: Format, width: number | null): string {
  switch (format) {
    case "csv":
      // The server's results.csv, header and cells (spreadsheet-safe), so either file reads the same.
      return csvLine(RESULTS_CSV_HEADER) + results.map((node) => resultRow(asJobResult(node))).join("");
    case "json":
      return `${JSON.stringify(results, null, 2)}\n`;
    case "table":
      return table(results, width);
  }
}

export function summaryLine(results: readonly ResultNode[]): string {
  const { portable, notPortable, failed } = countsOf(results);
  return `${counted(results.length, "number")}: ${portable} portable, ${notPortable} not portable, ${counted(failed, "error")}\n`;
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

const HEADINGS = ["INPUT", "OUTCOME", "REASON", "NEXT STEP"] as const;
const GAP = "  ";
/** Columns given up first when the terminal is too narrow, and how narrow each may get. */
const SHRINK: readonly { column: number; min: number }[] = [
  { column: 2, min: 10 },
  { column: 0, min: 13 },
  { column: 3, min: 8 },
];

function tableRow(node: ResultNode): string[] {
  if (node.__typename === "PortabilityCheckError") {
    return [node.input, "error", `${node.code}${node.retryable ? " (retryable)" : ""}`, node.nextStep];
  }
  const reason = node.portable ? "" : [node.notPortableReason, node.notPortableReasonCode].filter((part) => part !== null).join(" ");
  return [node.input, node.portable ? "portable" : "not portable", reason, node.nextStep];
}

/** Aligned columns for a person; `width` (a terminal's columns) truncates the widest cells with "…". */
function table(results: readonly ResultNode[], width: number | null): string {
  const rows = [[...HEADINGS], ...results.map((node) => tableRow(node).map(printable))];
  const widths = HEADINGS.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  if (width !== null) {
    let over = widths.reduce((sum, each) => sum + each, 0) + GAP.length * (widths.length - 1) - width;
    for (const { column, min } of SHRINK) {
      const cut = Math.max(0, Math.min(over, widths[column]! - min));
      widths[column]! -= cut;
      over -= cut;
    }
  }
  return rows.map((row) => `${row.map((cell, column) => fitted(cell, widths[column]!)).join(GAP).trimEnd()}\n`).join("");
}

function fitted(cell: string, width: number): string {
  return cell.length <= width ? cell.padEnd(width) : `${cell.slice(0, Math.max(0, width - 1))}…`;
}

/** A number as given may hold anything, escape sequences included: a terminal must not run them. */
function printable(cell: string): string {
  return cell.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
}
