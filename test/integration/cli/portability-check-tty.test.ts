import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runShell } from "./cli-process.js";
import { startHarness, type Harness } from "./harness.js";

const NUMBERS = Array.from({ length: 20 }, (_, index) => `+1415${6_000_000 + index}`).join(" ");

/**
 * `script` gives the CLI a pseudo-terminal for stdin, stdout and stderr together, as a person's shell
 * does; its output is everything the terminal received (CRLF line ends, escape codes kept). `stty`
 * sizes it: a pty `script` opens without a terminal of its own has 0 columns.
 */
const inTerminal = (command: string, columns = 120) => `script -qfec "stty cols ${columns} rows 40; ${command}; echo exit=\\$?" /dev/null`;

describe.skipIf(!existsSync("/usr/bin/script"))("portability-check on a terminal (a pseudo-terminal from script)", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness?.close());

  it("shows a progress bar on stderr while a job runs, then the table (the default on a terminal) and the summary", async () => {
    const run = await runShell(inTerminal(`"$NODE" "$CLI" --batch-size 5 ${NUMBERS}`), { env: harness.env });
    expect(run.stdout).toMatch(/checking \|[█░]{40}\| 0\/20 numbers \| 0%/);
    expect(run.stdout).toMatch(/checking \|█{40}\| 20\/20 numbers \| 100%/);
    const lines = run.stdout.split("\r\n");
    // The table starts on the line after the bar's last state.
    const table = lines.findIndex((line) => line === "INPUT         OUTCOME       REASON                                   NEXT STEP");
    expect(lines[table - 1]).toContain("20/20 numbers");
    expect(lines.slice(table + 7, table + 9)).toEqual([
      "+14156000006  portable                                               PORT_IN",
      "+14156000007  not portable  ALREADY_IN_TWILIO_DIFFERENT_OWNER 22132  MOVE_BETWEEN_ACCOUNTS",
    ]);
    expect(lines.slice(table + 21)).toEqual(["20 numbers: 18 portable, 2 not portable, 0 errors", "exit=0", ""]);
  });

  it("shows neither bar nor summary with --quiet, only the results", async () => {
    const run = await runShell(inTerminal(`"$NODE" "$CLI" --quiet --batch-size 5 --format csv ${NUMBERS}`), { env: harness.env });
    expect(run.stdout).not.toContain("checking");
    expect(run.stdout).not.toContain("numbers:");
    expect(run.stdout.split("\r\n").filter((line) => line.startsWith("'+1415"))).toHaveLength(20);
    expect(run.stdout).toMatch(/exit=0\r\n$/);
  });

  it("draws no bar when stderr is not the terminal (redirected to a file), even with stdout on it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pg-cli-tty-"));
    try {
      const stderrFile = join(dir, "stderr.txt");
      const run = await runShell(inTerminal(`"$NODE" "$CLI" --batch-size 5 ${NUMBERS} 2>"$STDERR_FILE"`), { env: { ...harness.env, STDERR_FILE: stderrFile } });
      expect(run.stdout).toContain("INPUT         OUTCOME");
      expect(run.stdout).not.toContain("checking");
      expect(readFileSync(stderrFile, "utf8")).toBe("20 numbers: 18 portable, 2 not portable, 0 errors\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fits the table to the terminal's width, cutting the reason and next step with …", async () => {
    const run = await runShell(inTerminal(`"$NODE" "$CLI" +14155550107 +14155550100`, 50), { env: harness.env });
    const lines = run.stdout.split("\r\n");
    expect(lines.slice(0, 3)).toEqual([
      "INPUT         OUTCOME       REASON      NEXT STEP",
      "+14155550107  not portable  ALREADY_I…  MOVE_BETW…",
      "+14155550100  portable                  PORT_IN",
    ]);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(50);
  });
});
