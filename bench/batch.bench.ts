import { Pool } from "undici";
import { getDirect } from "./direct-client.js";
import { describeErrors, postGraphQL } from "./graphql-client.js";
import { numbers, shuffled } from "./numbers.js";
import type { Report } from "./report.js";
import { startLayer } from "./server-process.js";
import { elapsedMs, median, ms, now } from "./stats.js";
import type { StubProcess } from "./stub-process.js";

/**
 * Scenario 1: a 1,000-number batch holding 500 distinct numbers twice each, upstream latency 50 ms,
 * cap 50 in flight. The layer (one GraphQL POST) against a plain keep-alive client making the same
 * 500 calls with the same cap. Medians of RUNS alternating runs, after one warm-up of each.
 */
const UNIQUE = 500;
const LATENCY_MS = 50;
const CAP = 50;
const RUNS = 5;
const IDEAL_MS = Math.ceil(UNIQUE / CAP) * LATENCY_MS;
/** Issue 12: at most 5 % over a plain keep-alive client making the same calls (issue 1 asked ≤ 1.10). */
const TARGET_RATIO = 1.05;

const QUERY = "query($n:[String!]!){portabilities(phoneNumbers:$n){__typename ... on Portability{phoneNumber portable}}}";

interface BatchResult {
  readonly __typename: string;
  readonly phoneNumber?: string;
  readonly portable?: boolean;
}

export async function batchBench(stub: StubProcess, report: Report, nodeFlags: readonly string[]): Promise<void> {
  const unique = numbers(415, UNIQUE);
  const batch = shuffled([...unique, ...unique], 0x5eed);
  await stub.setLatency(LATENCY_MS);
  const layer = await startLayer({
    upstreamUrl: stub.url,
    env: { UPSTREAM_CONCURRENCY: String(CAP), MAX_BATCH_SIZE: String(batch.length) },
    nodeFlags,
  });
  const layerClient = new Pool(layer.url, { connections: 1, bodyTimeout: 60_000, headersTimeout: 60_000 });
  const direct = new Pool(stub.url, { connections: CAP, keepAliveTimeout: 30_000 });

  /** One GraphQL request for the whole batch; checks results, order and what reached the stub. */
  async function layerRun(label: string): Promise<number> {
    await stub.reset();
    const start = now();
    const response = await postGraphQL<{ portabilities: BatchResult[] }>(layerClient, QUERY, { n: batch });
    const took = elapsedMs(start);
    const results = response.body.data?.portabilities;
    if (report.check(response.status === 200 && results !== undefined && response.body.errors === undefined, `batch ${label}: ${describeErrors(response)}`)) {
      report.check(results!.length === batch.length, `batch ${label}: ${results!.length} results for ${batch.length} numbers`);
      const misplaced = results!.findIndex((r, i) => r.__typename !== "Portability" || r.phoneNumber !== batch[i] || r.portable !== true);
      report.check(misplaced < 0, `batch ${label}: result ${misplaced} is ${JSON.stringify(results![misplaced])}, expected ${batch[misplaced]} portable`);
    }
    await checkUpstream(label);
    return took;
  }

  /** The same 500 distinct calls from a 50-wide worker loop over a 50-connection keep-alive pool. */
  async function baselineRun(label: string): Promise<number> {
    await stub.reset();
    let next = 0;
    const worker = async () => {
      while (next < unique.length) {
        const phoneNumber = unique[next++]!;
        const answer = await getDirect(direct, phoneNumber);
        if (answer.phone_number !== phoneNumber) throw new Error(`baseline: answer for ${answer.phone_number}, asked ${phoneNumber}`);
      }
    };
    const start = now();
    await Promise.all(Array.from({ length: CAP }, worker));
    const took = elapsedMs(start);
    await checkUpstream(label);
    return took;
  }

  async function checkUpstream(label: string): Promise<void> {
    const seen = await stub.stats();
    report.check(seen.calls === UNIQUE && seen.distinct === UNIQUE, `batch ${label}: ${seen.calls} upstream calls for ${seen.distinct} numbers, expected exactly ${UNIQUE}`);
    report.check(seen.maxInFlight <= CAP, `batch ${label}: ${seen.maxInFlight} upstream calls in flight, cap is ${CAP}`);
    report.check(seen.badRequests === 0, `batch ${label}: ${seen.badRequests} malformed upstream requests`);
    maxInFlight = Math.max(maxInFlight, seen.maxInFlight);
  }

  let maxInFlight = 0;
  const layerTimes: number[] = [];
  const baselineTimes: number[] = [];
  try {
    await layerRun("layer warm-up");
    await baselineRun("baseline warm-up");
    for (let run = 1; run <= RUNS; run++) {
      layerTimes.push(await layerRun(`layer run ${run}`));
      baselineTimes.push(await baselineRun(`baseline run ${run}`));
    }
  } finally {
    await Promise.all([layerClient.close(), direct.close()]);
    await layer.stop();
  }

  const layerMs = median(layerTimes);
  const baselineMs = median(baselineTimes);
  console.log(`\n## 1. Batch: ${batch.length} numbers (${UNIQUE} distinct), L = ${LATENCY_MS} ms, cap ${CAP}`);
  console.log(`   layer runs:    ${layerTimes.map((t) => t.toFixed(0)).join(", ")} ms`);
  console.log(`   baseline runs: ${baselineTimes.map((t) => t.toFixed(0)).join(", ")} ms`);
  console.log(`   median layer ${ms(layerMs)}, baseline ${ms(baselineMs)}, ideal ${ms(IDEAL_MS, 0)}; max upstream in flight ${maxInFlight}`);
  console.log(`   layer/baseline ${(layerMs / baselineMs).toFixed(3)} (target ≤ ${TARGET_RATIO}); layer/ideal ${(layerMs / IDEAL_MS).toFixed(3)}; baseline/ideal ${(baselineMs / IDEAL_MS).toFixed(3)}`);

  const ratio = layerMs / baselineMs;
  report.add({
    scenario: "1 batch: layer / baseline",
    figure: `${ratio.toFixed(3)} (${layerMs.toFixed(0)} / ${baselineMs.toFixed(0)} ms)`,
    target: `≤ ${TARGET_RATIO.toFixed(2)}`,
    ratio: ratio / TARGET_RATIO,
    meets: ratio <= TARGET_RATIO,
  });
  report.add({ scenario: "1 batch: layer / ideal", figure: `${layerMs.toFixed(0)} ms`, target: `${IDEAL_MS} ms (ideal)`, ratio: layerMs / IDEAL_MS, meets: null });
}
