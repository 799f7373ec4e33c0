import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const QUERY = '{ portability(phoneNumber: "+14155550100") { ... on Portability { portable } } }';

interface NpmStart {
  readonly npm: ChildProcess;
  readonly url: Promise<string>;
  readonly exited: Promise<number | null>;
}

/**
 * `npm start` exactly as an operator runs it, in its own process group (detached), so the test can
 * signal npm alone or the whole group as a supervisor would.
 */
function npmStart(cwd: string): NpmStart {
  const npm = spawn("npm", ["start", "--silent"], {
    cwd,
    detached: true,
    // The sandbox answers after 1.5 s: a request is still in flight when the signal arrives.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), HOST: "127.0.0.1", PORT: "0", SANDBOX_LATENCY_MS: "1500" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => npm.once("exit", (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    npm.stdout!.on("data", (chunk: Buffer) => {
      const found = /"url":"([^"]+)"/.exec(chunk.toString("utf8"))?.[1];
      if (found !== undefined) resolve(found);
    });
    void exited.then((code) => reject(new Error(`npm start exited with ${code} before listening`)));
  });
  url.catch(() => {});
  npm.stderr!.resume();
  return { npm, url, exited };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function groupGone(pgid: number): Promise<boolean> {
  for (let waited = 0; waited < 5_000; waited += 50) {
    if (!groupAlive(pgid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

// Regression (issue 7): npm runs the script with `sh -c`, dash does not exec its last command, and
// node never saw npm's forwarded SIGTERM: npm exited, node was orphaned and kept serving.
describe("npm start drains and exits 0 on SIGTERM", () => {
  let dir: string;
  const started: NpmStart[] = [];
  beforeAll(() => {
    // A copy, so the build `npm start` runs does not rewrite the dist/ other suites are executing.
    dir = mkdtempSync(join(tmpdir(), "pg-npm-start-"));
    // scripts/ and operations/: `npm run build` bundles GraphiQL (scripts/build-graphiql.mjs) with the example operations.
    for (const entry of ["package.json", "tsconfig.json", "src", "scripts", "operations"]) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  });
  afterAll(() => {
    for (const { npm } of started) if (npm.pid !== undefined && groupAlive(npm.pid)) process.kill(-npm.pid, "SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["npm's pid alone", (pid: number) => process.kill(pid, "SIGTERM")],
    ["the whole process group", (pid: number) => process.kill(-pid, "SIGTERM")],
  ])("signalled at %s: the request in flight completes, npm exits 0, no process of the group is left", async (_target, signal) => {
    const start = npmStart(dir);
    started.push(start);
    const url = await start.url;
    const inFlight = fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: QUERY }) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    signal(start.npm.pid!);
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { portability: { portable: true } } });
    expect(await start.exited).toBe(0);
    expect(await groupGone(start.npm.pid!)).toBe(true);
  }, 60_000);
});
