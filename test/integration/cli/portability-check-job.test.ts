import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getJob } from "../../helpers/jobs-client.js";
import { portabilityBody } from "../../helpers/stub-twilio.js";
import { runCli } from "./cli-process.js";
import { operationsLogged, startHarness, UNAVAILABLE, type Harness } from "./harness.js";

/** 20 numbers, two of them not portable (…07, …17), one repeated, one failing. */
const NUMBERS = [...Array.from({ length: 18 }, (_, index) => `+14155550${String(100 + index)}`), "+14155550100", UNAVAILABLE];

function withoutCheckedAt(results: Record<string, unknown>[]): Record<string, unknown>[] {
  return results.map(({ checkedAt: _checkedAt, ...rest }) => rest);
}

describe("portability-check with more numbers than --batch-size: one bulk job", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ JOB_CHUNK_SIZE: "5" });
  });
  afterAll(() => harness?.close());
  beforeEach(() => harness.reset());

  it("starts one job, follows it to its end, and gives exactly what one request gives, in input order; no bar off a terminal", async () => {
    const viaJob = await runCli(["--batch-size", "5", "--format", "json", ...NUMBERS], { env: harness.env });
    const operations = operationsLogged(harness.app);
    expect(operations[0]).toBe("PortabilityCheckStartJob");
    expect(new Set(operations.slice(1, -1))).toEqual(new Set(["PortabilityCheckJob"]));
    expect(operations.at(-1)).toBe("PortabilityCheckJobResults");
    expect(viaJob.code).toBe(1);
    // Only the summary: a pipe gets no progress bar.
    expect(viaJob.stderr).toBe("20 numbers: 17 portable, 2 not portable, 1 error\n");
    // Repeats cost one upstream call in a job, as in a request.
    expect(new Set(harness.stub.received.map((request) => request.phoneNumber))).toEqual(new Set(NUMBERS));
    expect(harness.stub.received.filter((request) => request.phoneNumber === "+14155550100")).toHaveLength(1);

    const inOneRequest = await runCli(["--format", "json", ...NUMBERS], { env: harness.env });
    expect(operationsLogged(harness.app).at(-1)).toBe("PortabilityCheck");
    expect(withoutCheckedAt(JSON.parse(viaJob.stdout))).toEqual(withoutCheckedAt(JSON.parse(inOneRequest.stdout)));
    expect((JSON.parse(viaJob.stdout) as { input: string }[]).map((result) => result.input)).toEqual(NUMBERS);
  });

  it("reads a job's results a page (1,000) at a time: 2,500 numbers, every one in order", async () => {
    const numbers = Array.from({ length: 2_500 }, (_, index) => `+1415${4_000_000 + index}`);
    const before = operationsLogged(harness.app).length;
    const run = await runCli(["--file", "-"], { env: harness.env, stdin: numbers.join("\n") });
    expect(run.code).toBe(0);
    const rows = run.stdout.trimEnd().split("\r\n").slice(1);
    expect(rows.map((row) => row.split(",")[0])).toEqual(numbers.map((number) => `'${number}`));
    expect(operationsLogged(harness.app).slice(before).filter((name) => name === "PortabilityCheckJobResults")).toHaveLength(3);
  });

  it("checks a job's numbers for --target and --address", async () => {
    const target = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const address = "AD0123456789abcdef0123456789abcdef";
    const run = await runCli(["--batch-size", "2", "--format", "json", "--target", target, "--address", address, "+14155550100", "+14155550101", "+14155550102"], { env: harness.env });
    expect(run.code).toBe(0);
    expect(operationsLogged(harness.app)).toContain("PortabilityCheckStartJob");
    expect((JSON.parse(run.stdout) as Record<string, unknown>[]).map((result) => [result.targetAccountSid, result.addressSid])).toEqual(Array(3).fill([target, address]));
    expect(harness.stub.received.map((request) => request.query)).toEqual(Array(3).fill({ TargetAccountSid: target, AddressSid: address }));
  });

  it("cancels the job on Ctrl-C and exits 130: the server stops checking, nothing is written", async () => {
    harness.stub.respond((request) => ({ status: 200, body: portabilityBody(request.phoneNumber), delayMs: 100 }));
    const numbers = Array.from({ length: 2_000 }, (_, index) => `+1415${5_000_000 + index}`);
    let pid = 0;
    const running = runCli(["--file", "-"], { env: harness.env, stdin: numbers.join("\n"), started: (started) => (pid = started) });
    while (harness.stub.received.length < 20) await new Promise((resolve) => setTimeout(resolve, 20));
    process.kill(pid, "SIGINT");
    const run = await running;
    expect(run.code).toBe(130);
    expect(run.stdout).toBe("");
    const line = /^portability-check: interrupted; job (\S+) is CANCELLED after (\d+) of 2000 numbers\n$/.exec(run.stderr);
    expect(line, run.stderr).not.toBeNull();
    expect(operationsLogged(harness.app).at(-1)).toBe("PortabilityCheckCancelJob");
    expect((await getJob(harness.app.url, line![1]!, {}))?.status).toBe("CANCELLED");
    // The server stops checking: calls in flight at the cancel still land, then none (so none leak into the next test).
    let seen = -1;
    for (let waited = 0; seen !== harness.stub.received.length && waited < 5_000; waited += 500) {
      seen = harness.stub.received.length;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(harness.stub.received.length).toBe(seen);
    expect(seen).toBeLessThan(2_000);
  });

  it("reads a job's national numbers with --default-country (given in any case): the server checks them as E.164", async () => {
    const run = await runCli(["--batch-size", "1", "--format", "json", "--default-country", "us", "(415) 555-0100", "415.555.0107"], { env: harness.env });
    expect(operationsLogged(harness.app)).toContain("PortabilityCheckStartJob");
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Record<string, unknown>[]).map((result) => [result.input, result.phoneNumber, result.portable])).toEqual([
      ["(415) 555-0100", "+14155550100", true],
      ["415.555.0107", "+14155550107", false],
    ]);
    expect(harness.stub.received.map((request) => request.phoneNumber).sort()).toEqual(["+14155550100", "+14155550107"]);
  });
});
