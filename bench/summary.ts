import type { Report, Row } from "./report.js";

/** The closing table: one row per figure, its target, figure/target and whether it meets it. */
export function printSummary(report: Report, totalSeconds: number): void {
  const header: Row = { scenario: "scenario", figure: "figure", target: "target", ratio: null, meets: null };
  const cells = (row: Row, isHeader = false): string[] => [
    row.scenario,
    row.figure,
    row.target,
    isHeader ? "ratio" : formatRatio(row.ratio),
    isHeader ? "verdict" : row.meets === null ? "(reference)" : row.meets ? "meets" : "MISSES",
  ];
  const table = [cells(header, true), ...report.rows.map((row) => cells(row))];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  const line = (values: string[]) => values.map((value, column) => value.padEnd(widths[column]!)).join("  ").trimEnd();

  console.log(`\n## Summary (${totalSeconds.toFixed(0)} s)`);
  console.log(line(table[0]!));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const row of table.slice(1)) console.log(line(row));
  console.log("ratio = figure / target (≤ 1.00 meets a ≤ target, ≥ 1.00 meets a ≥ target); for req/s: figure / each end of the hello range.");
  if (report.failures.length === 0) {
    console.log("functional checks: all passed");
  } else {
    console.log(`functional checks: ${report.failures.length} FAILED`);
    for (const failure of report.failures) console.log(`  - ${failure}`);
  }
}

function formatRatio(ratio: Row["ratio"]): string {
  if (ratio === null) return "—";
  if (typeof ratio === "number") return ratio.toFixed(2);
  return `${ratio[0].toFixed(2)}–${ratio[1].toFixed(2)}`;
}
