/**
 * npm run bench: builds (npm script), then runs every scenario against `node dist/main.js` in its own
 * process, with the stub upstream in another, and prints a summary. Exits 1 only when something is
 * functionally wrong (wrong upstream call count, wrong results, a crash), never for a missed target.
 *
 * `npm run bench -- fairness abort` (or BENCH_ONLY=fairness,abort) runs a subset; BENCH_CPU_PROF=<dir> starts each server with
 * --cpu-prof, writing its profile into <dir> when it stops; BENCH_NODE_FLAGS="--flag …" adds node
 * flags to every server process, to try a tuning before changing code (see README).
 */
import { availableParallelism, loadavg } from "node:os";
import { abortBench } from "./abort.bench.js";
import { batchBench } from "./batch.bench.js";
import { cacheBench, cacheBudgetMs } from "./cache.bench.js";
import { killAll, killChildrenOnExit } from "./children.js";
import { fairnessBench } from "./fairness.bench.js";
import { instancesBench } from "./instances.bench.js";
import { jobsBench, jobsBudgetMs } from "./jobs.bench.js";
import { memoryBench } from "./memory.bench.js";
import { overheadBench } from "./overhead.bench.js";
import { peersBench, peersBudgetMs } from "./peers.bench.js";
import { Report } from "./report.js";
import { elapsedMs, now } from "./stats.js";
import { startStubProcess, type StubProcess } from "./stub-process.js";
import { printSummary } from "./summary.js";
import { upstreamLimitBench } from "./upstream-limit.bench.js";

interface Scenario {
  readonly run: (stub: StubProcess, report: Report, nodeFlags: readonly string[]) => Promise<void>;
  /**
   * Generous upper bound on the scenario's time; the watchdog allows the sum of the selected ones.
   * Past it something hangs: stop and fail rather than wait forever.
   */
  readonly budgetMs: number;
}

const SCENARIOS: ReadonlyMap<string, Scenario> = new Map([
  ["batch", { run: batchBench, budgetMs: 40_000 }],
  ["overhead", { run: overheadBench, budgetMs: 60_000 }],
  ["memory", { run: memoryBench, budgetMs: 60_000 }],
  ["fairness", { run: fairnessBench, budgetMs: 60_000 }],
  ["abort", { run: abortBench, budgetMs: 60_000 }],
  ["upstream-limit", { run: upstreamLimitBench, budgetMs: 90_000 }],
  ["peers", { run: peersBench, budgetMs: peersBudgetMs() }],
  ["instances", { run: instancesBench, budgetMs: 90_000 }],
  ["cache", { run: cacheBench, budgetMs: cacheBudgetMs() }],
  ["jobs", { run: jobsBench, budgetMs: jobsBudgetMs }],
]);

/** Names from the command line (`npm run bench -- fairness`), else BENCH_ONLY, else undefined: all. */
function selectedNames(): string[] | undefined {
  const fromArgs = process.argv.slice(2).flatMap((arg) => arg.split(",")).map((name) => name.trim()).filter(Boolean);
  if (fromArgs.length > 0) return fromArgs;
  return process.env.BENCH_ONLY?.split(",").map((name) => name.trim()).filter(Boolean);
}

killChildrenOnExit();

async function main(): Promise<number> {
  const only = selectedNames();
  const unknown = only?.filter((name) => !SCENARIOS.has(name)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(", ")} (known: ${[...SCENARIOS.keys()].join(", ")})`);
  const selected = [...SCENARIOS].filter(([name]) => only === undefined || only.includes(name));
  startWatchdog(selected.reduce((sum, [, scenario]) => sum + scenario.budgetMs, 10_000));
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
    for (const [name, scenario] of selected) {
      try {
        await scenario.run(stub, report, nodeFlags);
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

let watchdog: NodeJS.Timeout | undefined;

function startWatchdog(timeoutMs: number): void {
  watchdog = setTimeout(() => {
    process.stderr.write(`bench: still running after ${(timeoutMs / 1000).toFixed(0)} s, giving up\n`);
    killAll();
    process.exit(1);
  }, timeoutMs);
  watchdog.unref();
}

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
