import { Pool } from "undici";
import { writeApiKeysFile } from "./api-keys.js";
import { timedLoop } from "./load-loop.js";
import { e164 } from "./numbers.js";
import { startPeer } from "./peers/peer-process.js";
import type { Report } from "./report.js";
import { startLayer } from "./server-process.js";
import { elapsedMs, now } from "./stats.js";
import type { StubProcess } from "./stub-process.js";

/**
 * Scenario 7 (issue 12): requests per server CPU-second, the layer against minimal peers, each in its
 * own process under the same closed-loop load (CONNECTIONS keep-alive connections), upstream
 * latency 0, a different number every request. The figure divides the requests completed by the CPU
 * time the server process itself used (/proc/<pid>/stat), so it holds even though the bench client,
 * the server and the stub share two cores: whoever is the bottleneck, the server's cost is counted.
 *
 * Every server runs for the whole scenario and the load visits them in turn, ROUNDS slices of
 * SECONDS / ROUNDS each (order rotated every round): on this shared, noisy machine a load spike then
 * hits every target alike instead of ruining one. A server's CPU is counted over the whole measured
 * period (idle servers use next to none; GC a slice left behind is still its own); the spread is
 * the range of the per-slice figures.
 *
 * BENCH_PEERS_SECONDS (default 5, per target) and BENCH_PEERS_CONNECTIONS (default 50) size the load.
 */
export const SECONDS = positive("BENCH_PEERS_SECONDS", 5);
export const CONNECTIONS = positive("BENCH_PEERS_CONNECTIONS", 50);
export const WARMUP_MS = 1_000;
const ROUNDS = 5;
/** The layer's own upstream pool: as wide as the load, so its cap is not what is measured. */
const LAYER_CAP = CONNECTIONS;
/** Numbers a cache would hold: the cache-hit rows cycle through these. */
const REPEATED = 100;
const TARGETS = { oursOverNaive: 1.0, oursOverFloor: 0.6, cacheOverHello: 0.8 } as const;

const CHECK_QUERY = "query($p:String!){portability(phoneNumber:$p){__typename ... on Portability{portable}}}";
const HEADERS = { "content-type": "application/json", accept: "application/json" };

export function peersBudgetMs(): number {
  // Seven servers started one after another, each warmed up, then SECONDS of load each.
  return 7 * (SECONDS * 1_000 + WARMUP_MS + 5_000) + 20_000;
}

export interface Server {
  readonly url: string;
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export interface Target {
  readonly label: string;
  start(): Promise<Server>;
  /** One request for the i-th number; true when the answer is the expected one. */
  once(pool: Pool, path: string, i: number): Promise<boolean>;
}

export interface Measured {
  readonly label: string;
  readonly requests: number;
  /** Seconds under load (the sum of its slices). */
  readonly wallSeconds: number;
  /** Server CPU over the whole measured period. */
  readonly cpuSeconds: number;
  readonly perCpuSecond: number;
  /** Requests per server CPU-second of each slice, in round order. */
  readonly perSlice: readonly number[];
}

export async function graphql(pool: Pool, path: string, query: string, variables: object, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await pool.request({ path, method: "POST", headers: { ...HEADERS, ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await response.body.json()) as { data?: unknown };
  return response.statusCode === 200 ? body.data : undefined;
}

export const checkOnce = (numberFor: (i: number) => string, headers: Record<string, string> = {}) => async (pool: Pool, path: string, i: number) => {
  const data = (await graphql(pool, path, CHECK_QUERY, { p: numberFor(i) }, headers)) as { portability?: { portable?: boolean } } | undefined;
  return data?.portability?.portable === true;
};

export async function peersBench(stub: StubProcess, report: Report, nodeFlags: readonly string[]): Promise<void> {
  await stub.setLatency(0);
  const keys = writeApiKeysFile(["bench"]);
  const auth = { authorization: keys.authorization.get("bench")! };
  // The server's default verdict cache (CACHE_TTL_SECONDS=300): the uncached rows use a new number
  // every request, the cache-hit rows repeat 100.
  const production = { NODE_ENV: "production", UPSTREAM_CONCURRENCY: String(LAYER_CAP), CACHE_TTL_SECONDS: "300" };
  const bare = { ...production, LOG_LEVEL: "warn" };
  // The goal configuration: every request authenticated and rate-limited, one info log line per
  // request (read and dropped by the bench), metrics collected (always on; not scraped here).
  const goal = { ...production, LOG_LEVEL: "info", API_KEYS_FILE: keys.path };
  const layer = (env: Record<string, string>) => () => startLayer({ upstreamUrl: stub.url, env, nodeFlags, output: "discard" });
  const peer = (name: string) => () => startPeer(name, stub.url, nodeFlags);
  const unique = (i: number) => e164(929, i);
  const cached = (i: number) => e164(917, i % REPEATED);

  const targets: Target[] = [
    { label: "ours, auth off, warn logs", start: layer(bare), once: checkOnce(unique) },
    { label: "ours, goal: API key, info logs, metrics", start: layer(goal), once: checkOnce(unique, auth) },
    { label: `ours cache-hit shape (${REPEATED} numbers), auth off`, start: layer(bare), once: checkOnce(cached) },
    { label: `ours cache-hit shape (${REPEATED} numbers), goal`, start: layer(goal), once: checkOnce(cached, auth) },
    { label: "naive Apollo proxy", start: peer("naive-apollo"), once: checkOnce(unique) },
    {
      label: "one-hop floor (node:http + undici)",
      start: peer("one-hop"),
      async once(pool, _path, i) {
        const response = await pool.request({ path: `/check?n=${encodeURIComponent(unique(i))}`, method: "GET" });
        const body = (await response.body.json()) as { portable?: boolean };
        return response.statusCode === 200 && body.portable === true;
      },
    },
    helloTarget(stub.url, nodeFlags),
  ];

  const measured = await measureInterleaved(targets, report).finally(() => keys.remove());

  const by = (prefix: string) => measured.find((m) => m.label.startsWith(prefix))!.perCpuSecond;
  const [ours, oursGoal, cache, cacheGoal] = measured.map((m) => m.perCpuSecond) as [number, number, number, number];
  const naive = by("naive");
  const floor = by("one-hop");
  const hello = by("bare Apollo");

  console.log(`\n## 7. Peers: requests per server CPU-second; ${CONNECTIONS} connections × ${SECONDS} s after ${WARMUP_MS / 1000} s warm-up, L = 0, NODE_ENV=production`);
  const width = Math.max(...measured.map((m) => m.label.length));
  for (const m of measured) {
    console.log(`   ${m.label.padEnd(width)}  ${m.perCpuSecond.toFixed(0).padStart(6)} req/CPU-s, slices ${spread(m.perSlice, 0)}   (${m.requests} requests, ${(m.requests / m.wallSeconds).toFixed(0)} req/s, server CPU ${m.cpuSeconds.toFixed(2)} s = ${((100 * m.cpuSeconds) / m.wallSeconds).toFixed(0)} % of one core)`);
  }
  // The same ratios slice by slice (round r of one against round r of the other): their range.
  const slices = (prefix: string) => measured.find((m) => m.label.startsWith(prefix))!.perSlice;
  const sliceRatios = (a: readonly number[], b: readonly number[]) => a.map((value, round) => value / b[round]!);
  const line = (name: string, value: number, target: number, a: string, b: string) =>
    `${name} ${value.toFixed(2)} [slices ${spread(sliceRatios(slices(a), slices(b)), 2)}] (target ≥ ${target})`;
  const goalLabel = "ours, goal";
  const offLabel = "ours, auth off";
  const cacheGoalLabel = measured[3]!.label;
  const cacheOffLabel = measured[2]!.label;
  console.log(`   goal config:  ${line("ours/naive", oursGoal / naive, TARGETS.oursOverNaive, goalLabel, "naive")}, ${line("ours/floor", oursGoal / floor, TARGETS.oursOverFloor, goalLabel, "one-hop")}, ${line("cache-hit/hello", cacheGoal / hello, TARGETS.cacheOverHello, cacheGoalLabel, "bare Apollo")}`);
  console.log(`   auth off:     ${line("ours/naive", ours / naive, TARGETS.oursOverNaive, offLabel, "naive")}, ${line("ours/floor", ours / floor, TARGETS.oursOverFloor, offLabel, "one-hop")}, ${line("cache-hit/hello", cache / hello, TARGETS.cacheOverHello, cacheOffLabel, "bare Apollo")}`);
  console.log("   (the cache-hit rows repeat 100 numbers: with the layer's verdict cache, on by default, they are hits; scenario 9 (cache) checks that with /metrics)");

  const row = (name: string, value: number, target: number, a: number, b: number) =>
    report.add({ scenario: `7 peers: ${name}`, figure: `${value.toFixed(2)} (${a.toFixed(0)} / ${b.toFixed(0)} req/CPU-s)`, target: `≥ ${target}`, ratio: value / target, meets: value >= target });
  row("ours (goal) / naive Apollo", oursGoal / naive, TARGETS.oursOverNaive, oursGoal, naive);
  row("ours (goal) / one-hop floor", oursGoal / floor, TARGETS.oursOverFloor, oursGoal, floor);
  row("cache-hit (goal) / bare hello", cacheGoal / hello, TARGETS.cacheOverHello, cacheGoal, hello);
  row("ours (auth off) / naive Apollo", ours / naive, TARGETS.oursOverNaive, ours, naive);
  row("ours (auth off) / one-hop floor", ours / floor, TARGETS.oursOverFloor, ours, floor);
  row("cache-hit (auth off) / bare hello", cache / hello, TARGETS.cacheOverHello, cache, hello);
}

/** Bare Apollo `{ hello }` (peers/hello-apollo.ts): the ceiling for answers that need no upstream call. */
export function helloTarget(upstreamUrl: string, nodeFlags: readonly string[]): Target {
  return {
    label: "bare Apollo { hello }",
    start: () => startPeer("hello-apollo", upstreamUrl, nodeFlags),
    async once(pool, path) {
      const data = (await graphql(pool, path, "{ hello }", {})) as { hello?: string } | undefined;
      return data?.hello === "world";
    },
  };
}

/**
 * Starts every target, warms each up for WARMUP_MS, then loads them in ROUNDS rotated slices; the
 * servers are stopped at the end. Also used by the cache scenario (cache.bench.ts).
 */
export async function measureInterleaved(targets: readonly Target[], report: Report): Promise<Measured[]> {
  const running: { target: Target; server: Server; pool: Pool; path: string; counter: number; bad: number }[] = [];
  try {
    for (const target of targets) {
      const server = await target.start();
      const { origin, pathname } = new URL(server.url);
      const pool = new Pool(origin, { connections: CONNECTIONS, keepAliveTimeout: 60_000 });
      running.push({ target, server, pool, path: pathname === "/" ? "/graphql" : pathname, counter: 0, bad: 0 });
    }
    const load = (entry: (typeof running)[number], durationMs: number) =>
      timedLoop(durationMs, CONNECTIONS, async () => {
        if (!(await entry.target.once(entry.pool, entry.path, entry.counter++))) entry.bad++;
      });
    for (const entry of running) await load(entry, WARMUP_MS);

    const sliceMs = (SECONDS * 1_000) / ROUNDS;
    const totals = running.map(() => ({ requests: 0, wallSeconds: 0, perSlice: [] as number[] }));
    const cpuBefore = running.map((entry) => entry.server.cpuSeconds());
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < running.length; k++) {
        const index = (k + round) % running.length;
        const entry = running[index]!;
        const cpu = entry.server.cpuSeconds();
        const start = now();
        const requests = await load(entry, sliceMs);
        totals[index]!.wallSeconds += elapsedMs(start) / 1_000;
        totals[index]!.requests += requests;
        totals[index]!.perSlice.push(requests / Math.max(0.01, entry.server.cpuSeconds() - cpu));
      }
    }
    return running.map((entry, index) => {
      report.check(entry.bad === 0, `peers, ${entry.target.label}: ${entry.bad} of ${entry.counter} answers were not the expected one`);
      const cpuSeconds = entry.server.cpuSeconds() - cpuBefore[index]!;
      const { requests, wallSeconds, perSlice } = totals[index]!;
      return { label: entry.target.label, requests, wallSeconds, cpuSeconds, perCpuSecond: requests / cpuSeconds, perSlice };
    });
  } finally {
    for (const entry of running) await entry.pool.close();
    await Promise.all(running.map((entry) => entry.server.stop()));
  }
}

export function spread(values: readonly number[], digits: number): string {
  return `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}
