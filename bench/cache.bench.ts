import { Pool } from "undici";
import { cacheLookups, lookupsBetween, readiness, scrapeMetrics } from "./metrics-scrape.js";
import { e164 } from "./numbers.js";
import { checkOnce, CONNECTIONS, helloTarget, measureInterleaved, SECONDS, spread, WARMUP_MS, type Measured, type Server, type Target } from "./peers.bench.js";
import { procCpuSeconds } from "./proc-cpu.js";
import { BENCH_REDIS_URL, freshPrefix, probeRedis, type RedisProbe } from "./redis-probe.js";
import type { Report } from "./report.js";
import { startLayer } from "./server-process.js";
import type { StubProcess } from "./stub-process.js";

/**
 * Scenario 9: requests per server CPU-second for single checks answered from the verdict cache, against
 * bare Apollo `{ hello }` in the same run, measured exactly as scenario 7 (peers.bench.ts's
 * measureInterleaved: all servers up at once, a 1 s warm-up each, BENCH_PEERS_SECONDS of load each in
 * 5 rotated slices, CPU from /proc/<pid>/stat, BENCH_PEERS_CONNECTIONS connections). Each layer first
 * checks REPEATED numbers of its own once (the only upstream calls), then the load cycles through
 * them. Two layers: the in-process LRU (no REDIS_URL) and the shared cache in Redis (REDIS_URL, a
 * fresh prefix); without Redis the second row is skipped. /metrics before and after says whether
 * the load really was served from the cache: portability_cache_lookups_total by outcome.
 */
const REPEATED = 100;
const TTL_SECONDS = 300;
const TARGET_OVER_HELLO = 0.8;
const TARGET_HIT_RATIO = 0.99;

export function cacheBudgetMs(): number {
  // Three servers started one after another, each warmed up, then SECONDS of load each.
  return 3 * (SECONDS * 1_000 + WARMUP_MS + 5_000) + 20_000;
}

interface CacheLayer {
  readonly row: string;
  readonly target: Target;
  /** Lookups by outcome from after the REPEATED warm checks to the server's stop (warm-up load included). */
  lookups: Record<string, number> | null;
  /** Redis's CPU over the same window, when readable. */
  redisCpuSeconds: number | null;
}

export async function cacheBench(stub: StubProcess, report: Report, nodeFlags: readonly string[]): Promise<void> {
  await stub.setLatency(0);
  await stub.reset();
  const redis = await probeRedis();
  const prefix = freshPrefix();
  const production = { NODE_ENV: "production", UPSTREAM_CONCURRENCY: String(CONNECTIONS), LOG_LEVEL: "warn", CACHE_TTL_SECONDS: String(TTL_SECONDS) };

  const layers: CacheLayer[] = [cacheLayer("memory", "memory (in-process LRU)", 918, production, stub, report, nodeFlags, null)];
  if (redis !== null) {
    layers.push(cacheLayer("redis", `Redis (${redis.url}, fresh prefix)`, 919, { ...production, REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix }, stub, report, nodeFlags, redis));
  }
  const hello = helloTarget(stub.url, nodeFlags);

  let measured: Measured[];
  try {
    measured = await measureInterleaved([...layers.map((layer) => layer.target), hello], report);
  } finally {
    if (redis !== null) {
      const removed = await redis.removePrefix(prefix).catch(() => 0);
      console.log(`\n   (Redis: ${removed} cached verdicts under ${prefix} removed)`);
      await redis.close();
    }
  }
  const upstream = await stub.stats();
  const helloFigure = measured.at(-1)!;

  console.log(`\n## 9. Cache hits: requests per server CPU-second; ${REPEATED} numbers checked once, then cycled; ${CONNECTIONS} connections × ${SECONDS} s after ${WARMUP_MS / 1000} s warm-up, L = 0, NODE_ENV=production, auth off, CACHE_TTL_SECONDS=${TTL_SECONDS}`);
  if (redis === null) console.log(`   Redis row skipped: Redis is not reachable at ${BENCH_REDIS_URL} (PING, 1 s)`);
  const width = Math.max(...measured.map((m) => m.label.length));
  for (const m of measured) {
    console.log(`   ${m.label.padEnd(width)}  ${m.perCpuSecond.toFixed(0).padStart(6)} req/CPU-s, slices ${spread(m.perSlice, 0)}   (${m.requests} requests, ${(m.requests / m.wallSeconds).toFixed(0)} req/s, server CPU ${m.cpuSeconds.toFixed(2)} s = ${((100 * m.cpuSeconds) / m.wallSeconds).toFixed(0)} % of one core)`);
  }
  const misses = layers.reduce((sum, layer) => sum + Object.entries(layer.lookups ?? {}).reduce((n, [outcome, count]) => n + (outcome === "hit" ? 0 : count), 0), 0);
  console.log(`   upstream calls during the scenario: ${upstream.calls} (${layers.length} × ${REPEATED} warm checks + ${misses} lookups under load that were not hits)`);

  layers.forEach((layer, index) => {
    const m = measured[index]!;
    const ratio = m.perCpuSecond / helloFigure.perCpuSecond;
    const sliceRatios = m.perSlice.map((value, round) => value / helloFigure.perSlice[round]!);
    const lookups = layer.lookups ?? {};
    const total = Object.values(lookups).reduce((sum, n) => sum + n, 0);
    const hits = lookups.hit ?? 0;
    const hitRatio = total === 0 ? 0 : hits / total;
    const outcomes = Object.entries(lookups).map(([outcome, n]) => `${outcome} ${n}`).join(", ") || "none";
    console.log(`   ${layer.row}: cache/hello ${ratio.toFixed(2)} [slices ${spread(sliceRatios, 2)}] (target ≥ ${TARGET_OVER_HELLO}); /metrics lookups under load: ${outcomes}; hit ratio ${hitRatio.toFixed(4)}`);
    if (layer.redisCpuSeconds !== null && total > 0) {
      console.log(`   ${layer.row}: Redis itself used ${layer.redisCpuSeconds.toFixed(2)} CPU-s for those ${total} lookups (${((1e6 * layer.redisCpuSeconds) / total).toFixed(0)} µs each; not in the layer's figure)`);
    }
    report.check(layer.lookups !== null, `cache ${layer.row}: /metrics could not be read`);
    report.add({
      scenario: `9 cache hits (${layer.row}) / bare hello`,
      figure: `${ratio.toFixed(2)} (${m.perCpuSecond.toFixed(0)} / ${helloFigure.perCpuSecond.toFixed(0)} req/CPU-s)`,
      target: `≥ ${TARGET_OVER_HELLO}`,
      ratio: ratio / TARGET_OVER_HELLO,
      meets: ratio >= TARGET_OVER_HELLO,
    });
    report.add({
      scenario: `9 cache hit ratio (${layer.row}), /metrics`,
      figure: `${hitRatio.toFixed(4)} (${hits} of ${total} lookups)`,
      target: `≥ ${TARGET_HIT_RATIO}`,
      ratio: hitRatio / TARGET_HIT_RATIO,
      meets: hitRatio >= TARGET_HIT_RATIO,
    });
  });
  if (redis === null) report.add({ scenario: "9 cache hits (redis) / bare hello", figure: `skipped (no Redis at ${BENCH_REDIS_URL})`, target: "—", ratio: null, meets: null });
}

/**
 * A layer whose start() also checks its REPEATED numbers once (filling the cache) and reads /metrics,
 * and whose stop() reads /metrics again before stopping it: `lookups` is what the load did.
 */
function cacheLayer(
  row: string,
  label: string,
  areaCode: number,
  env: Record<string, string>,
  stub: StubProcess,
  report: Report,
  nodeFlags: readonly string[],
  redis: RedisProbe | null,
): CacheLayer {
  const numberFor = (i: number) => e164(areaCode, i % REPEATED);
  const once = checkOnce(numberFor);
  const layer: CacheLayer = {
    row,
    lookups: null,
    redisCpuSeconds: null,
    target: {
      label: `ours, cache hits, ${label}`,
      once,
      async start(): Promise<Server> {
        const server = await startLayer({ upstreamUrl: stub.url, env, nodeFlags });
        const ready = await readiness(server.url);
        const expected = redis === null ? "memory" : "redis";
        report.check(ready.state === expected && (redis === null || ready.redis?.state === "ready"), `cache ${row}: /readyz says ${JSON.stringify(ready)}, expected state "${expected}"${redis === null ? "" : ", Redis ready"}`);
        const pool = new Pool(server.url, { connections: 1 });
        try {
          for (let i = 0; i < REPEATED; i++) report.check(await once(pool, "/graphql", i), `cache ${row}: warm check ${numberFor(i)} was not the portable answer`);
        } finally {
          await pool.close();
        }
        const before = cacheLookups(await scrapeMetrics(server.url));
        const redisBefore = redisCpu(redis);
        return {
          url: server.url,
          cpuSeconds: () => server.cpuSeconds(),
          async stop() {
            try {
              layer.lookups = lookupsBetween(before, cacheLookups(await scrapeMetrics(server.url)));
              const redisAfter = redisCpu(redis);
              if (redisBefore !== null && redisAfter !== null) layer.redisCpuSeconds = redisAfter - redisBefore;
            } finally {
              await server.stop();
            }
          },
        };
      },
    },
  };
  return layer;
}

/** Redis's own CPU seconds when its pid is visible here (same machine), else null. */
function redisCpu(redis: RedisProbe | null): number | null {
  if (redis?.pid == null) return null;
  try {
    return procCpuSeconds(redis.pid);
  } catch {
    return null;
  }
}
