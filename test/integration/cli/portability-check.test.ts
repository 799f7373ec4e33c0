import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RESULT_FIELDS } from "../../../src/cli/portability-check/result-node.js";
import { postQuery } from "../../helpers/graphql-client.js";
import { startJob, waitForEnd } from "../../helpers/jobs-client.js";
import { runCli, runShell } from "./cli-process.js";
import { operationsLogged, startHarness, UNAVAILABLE, type Harness } from "./harness.js";

const NUMBERS = ["+14155550100", "+14155550107", UNAVAILABLE];
const SUMMARY = "3 numbers: 1 portable, 1 not portable, 1 error\n";

/** The cells of one CSV column by its header name (no quoted commas in these tests' cells). */
function column(csv: string, name: string): string[] {
  const [header, ...rows] = csv.trimEnd().split("\r\n").map((line) => line.split(","));
  const index = header!.indexOf(name);
  return rows.map((row) => row[index]!);
}

function withoutCheckedAt(results: Record<string, unknown>[]): Record<string, unknown>[] {
  return results.map(({ checkedAt: _checkedAt, ...rest }) => rest);
}

describe("portability-check, run as a process against the real app", () => {
  let harness: Harness;
  let dir: string;
  beforeAll(async () => {
    harness = await startHarness();
    dir = mkdtempSync(join(tmpdir(), "pg-cli-"));
  });
  afterAll(async () => {
    await harness?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => harness.reset());

  it("checks numbers given as arguments in one request, and writes the server's results.csv to a pipe (csv is the default off a terminal)", async () => {
    const run = await runCli(NUMBERS, { env: harness.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(SUMMARY);
    expect(column(run.stdout, "input")).toEqual(["'+14155550100", "'+14155550107", "'+14155550503"]);
    expect(column(run.stdout, "outcome")).toEqual(["portable", "not_portable", "error"]);
    expect(column(run.stdout, "not_portable_reason_code")).toEqual(["", "22132", ""]);
    expect(column(run.stdout, "error_code")).toEqual(["", "", "UPSTREAM_UNAVAILABLE"]);
    expect(operationsLogged(harness.app).at(-1)).toBe("PortabilityCheck");

    // Cell for cell what the server's own results.csv says for the same numbers.
    const job = await startJob(harness.app.url, { phoneNumbers: NUMBERS }, {});
    await waitForEnd(harness.app.url, job.id, {});
    const serverCsv = await fetch(new URL(job.resultsCsvUrl, harness.app.url));
    expect(run.stdout).toBe(await serverCsv.text());
  });

  it("writes json: the results exactly as GraphQL returns them for the same numbers, in input order", async () => {
    const run = await runCli(["--format", "json", ...NUMBERS], { env: harness.env });
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as Record<string, unknown>[];
    const direct = await postQuery<{ portabilities: Record<string, unknown>[] }>(harness.app.url, `query($n: [String!]!) { portabilities(phoneNumbers: $n) {${RESULT_FIELDS}} }`, { n: NUMBERS });
    expect(withoutCheckedAt(results)).toEqual(withoutCheckedAt(direct.body.data!.portabilities));
    expect(results.map((result) => [result.__typename, result.input, result.nextStep])).toEqual([
      ["Portability", "+14155550100", "PORT_IN"],
      ["Portability", "+14155550107", "MOVE_BETWEEN_ACCOUNTS"],
      ["PortabilityCheckError", UNAVAILABLE, "RETRY_LATER"],
    ]);
    expect(run.stderr).toBe(SUMMARY);
  });

  it("writes a table: one aligned row per number with its outcome, reason and next step", async () => {
    const run = await runCli(["--format", "table", ...NUMBERS], { env: harness.env });
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")).toEqual([
      "INPUT         OUTCOME       REASON                                   NEXT STEP",
      "+14155550100  portable                                               PORT_IN",
      "+14155550107  not portable  ALREADY_IN_TWILIO_DIFFERENT_OWNER 22132  MOVE_BETWEEN_ACCOUNTS",
      "+14155550503  error         UPSTREAM_UNAVAILABLE (retryable)         RETRY_LATER",
      "",
    ]);
  });

  it("reads a CSV file by the server's rules: a phone_number column among others, blank lines skipped, results.csv's ' removed", async () => {
    const file = join(dir, "crm.csv");
    writeFileSync(file, 'name,phone_number\r\n"Doe, Jane",\'+14155550100\r\n\r\nBob,+14155550117\r\n');
    const run = await runCli(["--file", file], { env: harness.env });
    expect(run.code).toBe(0);
    expect(column(run.stdout, "phone_number")).toEqual(["'+14155550100", "'+14155550117"]);
    expect(run.stderr).toBe("2 numbers: 1 portable, 1 not portable, 0 errors\n");
    expect(harness.stub.received.map((request) => request.phoneNumber)).toEqual(["+14155550100", "+14155550117"]);
  });

  it("reads numbers from stdin when none are given (one per line), and from --file - ; arguments come first", async () => {
    const piped = await runCli([], { env: harness.env, stdin: "+14155550100\n+14155550101\n" });
    expect(piped.code).toBe(0);
    expect(column(piped.stdout, "input")).toEqual(["'+14155550100", "'+14155550101"]);
    const both = await runCli(["+14155550102", "--file", "-"], { env: harness.env, stdin: "+14155550103\n" });
    expect(column(both.stdout, "input")).toEqual(["'+14155550102", "'+14155550103"]);
  });

  it("writes --output to the file and nothing to stdout; the summary still goes to stderr, and --quiet drops it", async () => {
    const output = join(dir, "out.csv");
    const run = await runCli(["--output", output, ...NUMBERS], { env: harness.env });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(SUMMARY);
    expect(column(readFileSync(output, "utf8"), "outcome")).toEqual(["portable", "not_portable", "error"]);
    const quiet = await runCli(["--quiet", "--format", "json", "+14155550100"], { env: harness.env });
    expect(quiet).toMatchObject({ code: 0, stderr: "" });
  });

  it("passes --target, --address and --default-country to the server: a national number is checked as E.164", async () => {
    const target = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const address = "AD0123456789abcdef0123456789abcdef";
    const run = await runCli(["--format", "json", "--target", target, "--address", address, "--default-country", "us", "(415) 555-0100"], { env: harness.env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject([{ input: "(415) 555-0100", phoneNumber: "+14155550100", targetAccountSid: target, addressSid: address, portable: true }]);
    expect(harness.stub.received.map((request) => [request.phoneNumber, request.query])).toEqual([["+14155550100", { TargetAccountSid: target, AddressSid: address }]]);
  });

  it("gives the same exit code for the same input, run after run: 0 all answered, 1 some errors", async () => {
    const codes = [];
    for (const args of [["+14155550100", "+14155550107"], NUMBERS, ["+14155550100", "+14155550107"], NUMBERS]) codes.push((await runCli(args, { env: harness.env })).code);
    expect(codes).toEqual([0, 1, 0, 1]);
  });

  it("stops quietly when the reader of its pipe leaves early (| head -1): no EPIPE error, the results' exit code", async () => {
    const numbers = Array.from({ length: 1_000 }, (_, index) => `+1415${2_000_000 + index}`);
    // head exits after one line while the CLI still writes ~600 KB of json.
    const shell = await runShell('"$NODE" "$CLI" --format json --file - | head -1; echo "exit=${PIPESTATUS[0]}" >&2', { env: harness.env, stdin: numbers.join("\n") });
    expect(shell.stdout).toBe("[\n");
    expect(shell.stderr).toBe("1000 numbers: 900 portable, 100 not portable, 0 errors\nexit=0\n");
  });
});
