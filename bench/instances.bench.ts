import { loadavg } from "node:os";
import { Pool } from "undici";
import { describeErrors, postGraphQL } from "./graphql-client.js";
import { readiness } from "./metrics-scrape.js";
import { e164 } from "./numbers.js";
import { BENCH_REDIS_URL, freshPrefix, probeRedis, type RedisProbe } from "./redis-probe.js";
import type { Report } from "./report.js";
import { startLayer, type LayerProcess } from "./server-process.js";
import { elapsedMs, ms, now } from "./stats.js";
import type { StubProcess } from "./stub-process.js";

/**
 * Scenario 8: several instances on one Redis. One stub upstream (L = 50 ms), UPSTREAM_CONCURRENCY
 * C = 20, CACHE_TTL_SECONDS=0 (no cache: only the upstream slots matter). A) one instance with
 * REDIS_URL and a fresh REDIS_KEY_PREFIX gets BATCHES concurrent batches of BATCH distinct numbers;
 * B) two instances on the same Redis and a new prefix get the same number of batches, split 2 + 2,
 * of other distinct numbers. With cluster-wide upstream limits (C across every instance sharing the
 * Redis and prefix) B takes as long as A and the stub never sees more than C in flight; without them
 * each instance has its own C, so B sees about 2 × C and finishes in about half the time. The
 * figures are what the stub saw, whichever layer runs. Without Redis the scenario prints a skip line.
 */
const LATENCY_MS = 50;
const CAP = 20;
const BATCHES = 4;
const BATCH = 500;
const TOTAL = BATCHES * BATCH;
const IDEAL_MS = Math.ceil(TOTAL / CAP) * LATENCY_MS;
/** Warm-up batch per instance before each phase (JIT, connections), numbers of its own. */
const WARMUP = 40;
const TARGET_WALL = { low: 0.8, high: 1.3 } as const;
const TARGET_PEAK = 1.0;

const QUERY = "query($n:[String!]!){portabilities(phoneNumbers:$n){__typename ... on Portability{phoneNumber portable}}}";

interface BatchResult {
  readonly __typename: string;
  readonly phoneNumber?: string;
  readonly portable?: boolean;
}

interface Phase {
  readonly wallMs: number;
  readonly batchMs: readonly number[];
  readonly calls: number;
  readonly distinct: number;
  readonly maxInFlight: number;
  /** CPU the layer processes used during the measured batches, summed. */
  readonly layerCpuSeconds: number;
}

export async function instancesBench(stub: StubProcess, report: Report, nodeFlags: readonly string[]): Promise<void> {
  console.log(`\n## 8. Instances on one Redis: ${BATCHES} concurrent batches of ${BATCH} distinct numbers, L = ${LATENCY_MS} ms, UPSTREAM_CONCURRENCY C = ${CAP}, CACHE_TTL_SECONDS=0; ideal with C cluster-wide ceil(${TOTAL}/${CAP}) × L = ${IDEAL_MS} ms`);
  const redis = await probeRedis();
  if (redis === null) {
    console.log(`   skipped: Redis is not reachable at ${BENCH_REDIS_URL} (PING, 1 s)`);
    report.add({ scenario: "8 instances", figure: `skipped (no Redis at ${BENCH_REDIS_URL})`, target: "—", ratio: null, meets: null });
    return;
  }
  await stub.setLatency(LATENCY_MS);
  const prefixes: string[] = [];
  try {
    const area = { a: 646, b: 647 };
    const a = await phase("A", 1, area.a, redis, prefixes, stub, report, nodeFlags);
    const b = await phase("B", 2, area.b, redis, prefixes, stub, report, nodeFlags);
    if (a === null || b === null) return;

    const wall = b.wallMs / a.wallMs;
    const peak = b.maxInFlight / CAP;
    const callsRatio = b.calls / b.distinct;
    console.log(`   A (1 instance):  ${ms(a.wallMs, 0)} combined (${(a.wallMs / IDEAL_MS).toFixed(2)} × ideal), batches ${a.batchMs.map((t) => t.toFixed(0)).join(", ")} ms; stub: ${a.calls} calls, ${a.distinct} distinct, peak ${a.maxInFlight} in flight; layer CPU ${a.layerCpuSeconds.toFixed(2)} s (${cpuShare(a)})`);
    console.log(`   B (2 instances): ${ms(b.wallMs, 0)} combined (${(b.wallMs / IDEAL_MS).toFixed(2)} × ideal), batches ${b.batchMs.map((t) => t.toFixed(0)).join(", ")} ms; stub: ${b.calls} calls, ${b.distinct} distinct, peak ${b.maxInFlight} in flight; layer CPU ${b.layerCpuSeconds.toFixed(2)} s (${cpuShare(b)})`);
    console.log(`   wall B/A ${wall.toFixed(2)} (target ≈ 1.0, ${TARGET_WALL.low}–${TARGET_WALL.high}: the cap, not the instance count, sets it); peak in flight in B / C ${peak.toFixed(2)} (target ≤ ${TARGET_PEAK.toFixed(1)}); upstream calls / distinct numbers in B ${callsRatio.toFixed(2)}`);
    if (a.wallMs > 1.2 * IDEAL_MS) {
      console.log(`   A took ${(a.wallMs / IDEAL_MS).toFixed(2)} × the cap's bound with the layer at ${cpuShare(a)} (1-min load average ${loadavg()[0]!.toFixed(1)}): something besides the cap (late timers, scheduling on a loaded machine) stretches A, so a B past the cap can still look ≈ A; the peak in flight is the figure that tells`);
    }
    if (b.maxInFlight > CAP) {
      console.log(`   the stub saw ${b.maxInFlight} > C = ${CAP} in flight from two instances: UPSTREAM_CONCURRENCY is per instance here (no cluster-wide upstream limit in this build, or it did not hold)`);
    } else {
      console.log(`   the stub never saw more than C = ${CAP} in flight from two instances: the cap held cluster-wide`);
    }

    report.add({
      scenario: "8 instances: wall B (2 inst.) / A (1 inst.)",
      figure: `${wall.toFixed(2)} (${b.wallMs.toFixed(0)} / ${a.wallMs.toFixed(0)} ms)`,
      target: `≈ 1.0 (${TARGET_WALL.low}–${TARGET_WALL.high})`,
      ratio: [wall / TARGET_WALL.low, wall / TARGET_WALL.high],
      meets: wall >= TARGET_WALL.low && wall <= TARGET_WALL.high,
    });
    report.add({
      scenario: "8 instances: peak upstream in flight in B / C",
      figure: `${peak.toFixed(2)} (${b.maxInFlight} / ${CAP})`,
      target: `≤ ${TARGET_PEAK.toFixed(1)}`,
      ratio: peak / TARGET_PEAK,
      meets: peak <= TARGET_PEAK,
    });
    report.add({
      scenario: "8 instances: upstream calls / distinct (A, B)",
      figure: `${(a.calls / a.distinct).toFixed(2)}, ${callsRatio.toFixed(2)} (${a.calls}, ${b.calls} calls)`,
      target: "1.0",
      ratio: callsRatio,
      meets: a.calls === a.distinct && b.calls === b.distinct,
    });
  } finally {
    let removed = 0;
    for (const prefix of prefixes) removed += await redis.removePrefix(prefix).catch(() => 0);
    if (prefixes.length > 0) console.log(`   Redis: ${removed} keys left under ${prefixes.join(", ")} removed`);
    await redis.close();
  }
}

/** `instances` layers on one fresh prefix; BATCHES batches split evenly among them, all at once. */
async function phase(
  label: string,
  instances: number,
  areaCode: number,
  redis: RedisProbe,
  prefixes: string[],
  stub: StubProcess,
  report: Report,
  nodeFlags: readonly string[],
): Promise<Phase | null> {
  const prefix = freshPrefix();
  prefixes.push(prefix);
  const env = {
    UPSTREAM_CONCURRENCY: String(CAP),
    MAX_BATCH_SIZE: String(BATCH),
    CACHE_TTL_SECONDS: "0",
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: prefix,
  };
  const layers: LayerProcess[] = [];
  const pools: Pool[] = [];
  try {
    for (let k = 0; k < instances; k++) layers.push(await startLayer({ upstreamUrl: stub.url, env, nodeFlags }));
    for (const layer of layers) {
      const ready = await readiness(layer.url);
      if (!report.check(ready.state === "redis" && ready.redis?.state === "ready", `instances ${label}: /readyz of layer ${layer.pid} says ${JSON.stringify(ready)}, expected state "redis", Redis ready`)) return null;
    }
    const perLayer = BATCHES / instances;
    for (const layer of layers) pools.push(new Pool(layer.url, { connections: perLayer, bodyTimeout: 60_000, headersTimeout: 60_000 }));

    // Warm-up: one small batch per instance, numbers nobody asks for again.
    await Promise.all(pools.map((pool, k) => runBatch(pool, Array.from({ length: WARMUP }, (_, i) => e164(areaCode, 9_000_000 + k * WARMUP + i)), report, `instances ${label} warm-up`)));
    await stub.reset();

    const batches = Array.from({ length: BATCHES }, (_, b) => Array.from({ length: BATCH }, (_, i) => e164(areaCode, b * BATCH + i)));
    const cpuBefore = layers.reduce((sum, layer) => sum + layer.cpuSeconds(), 0);
    const start = now();
    const batchMs = await Promise.all(batches.map((batch, b) => runBatch(pools[Math.floor(b / perLayer)]!, batch, report, `instances ${label} batch ${b + 1}`)));
    const wallMs = elapsedMs(start);
    const layerCpuSeconds = layers.reduce((sum, layer) => sum + layer.cpuSeconds(), 0) - cpuBefore;
    const seen = await stub.stats();
    report.check(seen.calls === TOTAL && seen.distinct === TOTAL, `instances ${label}: ${seen.calls} upstream calls for ${seen.distinct} numbers, expected exactly ${TOTAL}`);
    // Each instance's own cap holds whatever is shared: more than instances × C is wrong.
    report.check(seen.maxInFlight <= instances * CAP, `instances ${label}: ${seen.maxInFlight} upstream calls in flight from ${instances} instance(s) of cap ${CAP}`);
    report.check(seen.badRequests === 0, `instances ${label}: ${seen.badRequests} malformed upstream requests`);
    return { wallMs, batchMs, calls: seen.calls, distinct: seen.distinct, maxInFlight: seen.maxInFlight, layerCpuSeconds };
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
    await Promise.all(layers.map((layer) => layer.stop()));
  }
}

/** One `portabilities` POST; checks every result is the portable answer for its number, in order. */
async function runBatch(pool: Pool, batch: readonly string[], report: Report, label: string): Promise<number> {
  const start = now();
  const response = await postGraphQL<{ portabilities: BatchResult[] }>(pool, QUERY, { n: batch });
  const took = elapsedMs(start);
  const results = response.body.data?.portabilities;
  if (report.check(response.status === 200 && results !== undefined && response.body.errors === undefined, `${label}: ${describeErrors(response)}`)) {
    report.check(results!.length === batch.length, `${label}: ${results!.length} results for ${batch.length} numbers`);
    const misplaced = results!.findIndex((r, i) => r.__typename !== "Portability" || r.phoneNumber !== batch[i] || r.portable !== true);
    report.check(misplaced < 0, `${label}: result ${misplaced} is ${JSON.stringify(results![misplaced])}, expected ${batch[misplaced]} portable`);
  }
  return took;
}

/** Layer CPU as a share of one core over the phase's wall time (two instances can use up to 200 %). */
function cpuShare(phase: Phase): string {
  return `${((100 * phase.layerCpuSeconds) / (phase.wallMs / 1_000)).toFixed(0)} % of one core`;
}
