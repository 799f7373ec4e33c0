import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TARGET_A, TARGET_B, writeKeysFile, type KeysFile } from "../../security/helpers/security-helpers.js";
import { closedPort, runCli } from "./cli-process.js";
import { startHarness, type Harness } from "./harness.js";

const SECRET = "s3cret-cli-key-0123456789";
const SCOPED = "s3cret-cli-scoped-key-0123";

describe("portability-check refusing to run, and refused: exit 2 with one line on stderr", () => {
  let harness: Harness;
  let keys: KeysFile;
  let dir: string;
  beforeAll(async () => {
    keys = writeKeysFile([
      { id: "cli", secret: SECRET, targets: "*" },
      { id: "scoped", secret: SCOPED, targets: [TARGET_A] },
    ]);
    harness = await startHarness({ API_KEYS_FILE: keys.path });
    dir = mkdtempSync(join(tmpdir(), "pg-cli-errors-"));
  });
  afterAll(async () => {
    await harness?.close();
    keys?.remove();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => harness.reset());

  it.each([
    [["--batch-size", "0", "+14155550100"], "error: option '--batch-size <n>' argument '0' is invalid. must be a whole number from 1 to 100000."],
    [["--batch-size", "1.5", "+14155550100"], "error: option '--batch-size <n>' argument '1.5' is invalid. must be a whole number from 1 to 100000."],
    [["--target", "AC123", "+14155550100"], "error: option '--target <sid>' argument 'AC123' is invalid. must be an account SID: AC followed by 32 hex digits."],
    [["--address", TARGET_A, "+14155550100"], `error: option '--address <sid>' argument '${TARGET_A}' is invalid. must be an address SID: AD followed by 32 hex digits.`],
    [["--default-country", "ZZ", "+14155550100"], "error: option '--default-country <cc>' argument 'ZZ' is invalid. must be an ISO 3166-1 alpha-2 country code with a numbering plan, such as US or GB."],
    [["--format", "xml", "+14155550100"], "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are csv, json, table."],
    [["--url", "ftp://127.0.0.1/graphql", "+14155550100"], "error: option '--url <url>' must be an http or https URL, such as http://127.0.0.1:4000/graphql"],
    [["--url", "http://user:pa55@127.0.0.1/graphql", "+14155550100"], "error: option '--url <url>' must not hold a user or password (give the API key with --api-key)"],
    [["--colour", "+14155550100"], "error: unknown option '--colour'"],
  ])("refuses %j before sending anything: %s", async (args, message) => {
    const run = await runCli(args, { env: { ...harness.env, PORTABILITY_API_KEY: SECRET } });
    expect(run).toEqual({ code: 2, stdout: "", stderr: `${message}\n(portability-check --help for usage)\n` });
    expect(harness.stub.received).toEqual([]);
  });

  it("refuses a PORTABILITY_URL that is not http(s) or holds a password, without repeating it", async () => {
    for (const [value, rule] of [["127.0.0.1:4000", "must be an http or https URL, such as http://127.0.0.1:4000/graphql"], ["http://u:pa55@127.0.0.1/graphql", "must not hold a user or password (give the API key with --api-key)"]]) {
      const run = await runCli(["+14155550100"], { env: { PORTABILITY_URL: value! } });
      expect(run).toEqual({ code: 2, stdout: "", stderr: `error: PORTABILITY_URL ${rule}\n(portability-check --help for usage)\n` });
    }
  });

  it.each([
    ["no numbers and an empty stdin", [], "portability-check: no phone numbers in stdin"],
    ["a file that does not exist", ["--file", "/nonexistent/numbers.csv"], "portability-check: cannot read --file /nonexistent/numbers.csv: ENOENT"],
  ])("refuses %s", async (_case, args, message) => {
    const run = await runCli(args, { env: harness.env });
    expect(run).toEqual({ code: 2, stdout: "", stderr: `${message}\n` });
  });

  it("refuses a CSV the server would refuse, by the server's rule", async () => {
    const file = join(dir, "two-columns.csv");
    writeFileSync(file, "+14155550100,Jane\n");
    const run = await runCli(["--file", file], { env: harness.env });
    expect(run).toEqual({ code: 2, stdout: "", stderr: `portability-check: ${file}: a CSV with several columns needs a header row naming a phone_number column\n` });
  });

  it("says which server it cannot reach when nothing listens there", async () => {
    const port = await closedPort();
    const run = await runCli(["+14155550100"], { env: { PORTABILITY_URL: `http://127.0.0.1:${port}/graphql` } });
    expect(run).toEqual({ code: 2, stdout: "", stderr: `portability-check: cannot reach http://127.0.0.1:${port}/graphql: connect ECONNREFUSED 127.0.0.1:${port}\n` });
  });

  it("answers a wrong or missing API key with the server's UNAUTHENTICATED and a hint, never printing the key", async () => {
    const wrong = "wrong-key-must-never-be-printed";
    for (const env of [{ PORTABILITY_API_KEY: wrong }, {}] as Record<string, string>[]) {
      const run = await runCli(["+14155550100"], { env: { ...harness.env, ...env } });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/^portability-check: http:\/\/127\.0\.0\.1:\d+\/graphql refused the request \(UNAUTHENTICATED\): .+; give a valid key with --api-key or PORTABILITY_API_KEY\n$/);
      expect(run.stderr).not.toContain(wrong);
    }
    const flag = await runCli(["--api-key", wrong, "+14155550100"], { env: harness.env });
    expect(flag.code).toBe(2);
    expect(flag.stderr).not.toContain(wrong);
    expect(harness.stub.received).toEqual([]);
  });

  it("sends the key from --api-key or PORTABILITY_API_KEY as a Bearer token", async () => {
    expect((await runCli(["--api-key", SECRET, "+14155550100"], { env: harness.env })).code).toBe(0);
    expect((await runCli(["+14155550100"], { env: { ...harness.env, PORTABILITY_API_KEY: SECRET } })).code).toBe(0);
  });

  it("never prints the key in --help, even when it is set in the environment", async () => {
    const run = await runCli(["--help"], { env: { PORTABILITY_API_KEY: SECRET } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Exit codes:");
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it("reports a target outside the key's scope as the server's FORBIDDEN, nothing checked", async () => {
    const run = await runCli(["--target", TARGET_B, "+14155550100"], { env: { ...harness.env, PORTABILITY_API_KEY: SCOPED } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^portability-check: \S+ refused the request \(FORBIDDEN\): .+; this API key may not check for that --target\n$/);
    expect(run.stderr).not.toContain(SCOPED);
    expect(harness.stub.received).toEqual([]);
  });

  it("reports a batch larger than the server's MAX_BATCH_SIZE as the server's BAD_USER_INPUT", async () => {
    const numbers = Array.from({ length: 1_001 }, (_, index) => `+1415${3_000_000 + index}`);
    const run = await runCli(["--batch-size", "1001", "--file", "-"], { env: { ...harness.env, PORTABILITY_API_KEY: SECRET }, stdin: numbers.join("\n") });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^portability-check: \S+ refused the request \(BAD_USER_INPUT\): .*1000.*\n$/);
  });
});
