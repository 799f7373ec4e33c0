/**
 * What the run found: figures for the summary table, and functional failures (wrong number of
 * upstream calls, wrong results…), which are what makes the bench exit non-zero. A missed
 * performance target is reported, never a failure.
 */
export interface Row {
  readonly scenario: string;
  /** The measured figure, formatted. */
  readonly figure: string;
  readonly target: string;
  /** figure / target; a [low, high] pair when the target is a range. */
  readonly ratio: number | readonly [number, number] | null;
  /** Whether the target is met; null for reference figures without a pass/miss target. */
  readonly meets: boolean | null;
}

export class Report {
  readonly rows: Row[] = [];
  readonly failures: string[] = [];

  add(row: Row): void {
    this.rows.push(row);
  }

  /** Records a functional failure unless `ok`. Returns `ok`. */
  check(ok: boolean, message: string): boolean {
    if (!ok) {
      this.failures.push(message);
      process.stderr.write(`bench: FAILED: ${message}\n`);
    }
    return ok;
  }
}
