/**
 * npm run bench: builds (npm script), then runs every scenario against `node dist/main.js` in its own
 * process, with the stub upstream in another, and prints a summary. Exits 1 only when something is
 * functionally wrong (wrong upstream call count, wrong results, a crash), never for a missed target.
 *
 * BENCH_ONLY=batch,overhead,memory runs a subset; BENCH_CPU_PROF=<dir> starts each server with
 * --cpu-prof, writing its profile into <dir> when it stops; BENCH_NODE_FLAGS="--flag …" adds node
 * flags to every server process, to try a tuning before changing code (see README).
 */
import { availableParallelism, loadavg } from "node:os";
import { batchBench } from "./batch.bench.js";
import { killAll, killChildrenOnExit } from "./children.js";
import { memoryBench } from "./memory.bench.js";
import { overheadBench } from "./overhead.bench.js";
import { Report } from "./report.js";
import { elapsedMs, now } from "./stats.js";
import { startStubProcess, type StubProcess } from "./stub-process.js";
import { printSummary } from "./summary.js";

type Scenario = (stub: StubProcess, report: Report, nodeFlags: readonly string[]) => Promise<void>;

const SCENARIOS: ReadonlyMap<string, Scenario> = new Map([
  ["batch", batchBench],
  ["overhead", overheadBench],
  ["memory", memoryBench],
]);

/** The whole run is bounded: past this, something hangs; stop and fail rather than wait forever. */
const RUN_TIMEOUT_MS = 170_000;

killChildrenOnExit();

async function main(): Promise<number> {
  const only = process.env.BENCH_ONLY?.split(",").map((name) => name.trim()).filter(Boolean);
  const unknown = only?.filter((name) => !SCENARIOS.has(name)) ?? [];
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown scenario ${unknown.join(", ")} (known: ${[...SCENARIOS.keys()].join(", ")})`);
  const profileDir = process.env.BENCH_CPU_PROF;
  const extraFlags = process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
  const nodeFlags = [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), ...extraFlags];

  const report = new Report();
  const start = now();
  const stub = await startStubProcess();
  console.log(`portability-graphql benchmark — node ${process.version}, ${availableParallelism()} cores, loopback; stub upstream pid ${stub.pid} at ${stub.url}`);
  const load = loadavg()[0]!;
  if (load > 0.5) console.log(`note: 1-minute load average is ${load.toFixed(2)} before starting: other work on this machine will distort the figures`);
  if (profileDir) console.log(`CPU profiles of the server processes go to ${profileDir}`);
  if (extraFlags.length > 0) console.log(`server processes run with extra node flags: ${extraFlags.join(" ")}`);
  try {
    for (const [name, scenario] of SCENARIOS) {
      if (only !== undefined && !only.includes(name)) continue;
      try {
        await scenario(stub, report, nodeFlags);
      } catch (error) {
        report.check(false, `${name}: ${(error as Error).stack ?? String(error)}`);
      }
    }
  } finally {
    await stub.close();
  }
  printSummary(report, elapsedMs(start) / 1000);
  return report.failures.length === 0 ? 0 : 1;
}

const watchdog = setTimeout(() => {
  process.stderr.write(`bench: still running after ${RUN_TIMEOUT_MS / 1000} s, giving up\n`);
  killAll();
  process.exit(1);
}, RUN_TIMEOUT_MS);
watchdog.unref();

main().then(
  (code) => {
    clearTimeout(watchdog);
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
