import { Pool } from "undici";
import { getDirect } from "./direct-client.js";
import { getDirectFetch, postGraphQLFetch } from "./fetch-client.js";
import { describeErrors, postGraphQL } from "./graphql-client.js";
import { closedLoop, sequentialLatencies } from "./load-loop.js";
import { e164 } from "./numbers.js";
import type { Report } from "./report.js";
import { startLayer } from "./server-process.js";
import { mb, median, percentile } from "./stats.js";
import type { StubProcess } from "./stub-process.js";

/**
 * Scenario 2: what the layer adds to one check. Upstream latency 0; sequential single-number queries
 * through the layer against direct GETs to the stub, both from an undici Pool with one connection.
 * Measured in alternating chunks so drift (CPU clock, other load) hits both alike. Then the same
 * comparison with Node's global fetch as the client on both sides (FETCH_SAMPLES each), then the
 * layer's req/s at concurrency 1 and 16.
 */
const WARMUP = 300;
const SAMPLES = 2_000;
const CHUNK = 250;
const FETCH_WARMUP = 200;
const FETCH_SAMPLES = 1_000;
const C1_REQUESTS = 2_000;
const C16 = 16;
const C16_WARMUP = 400;
const C16_REQUESTS = 6_000;
const TARGET_OVERHEAD_MS = 1;
/** Bare Apollo "hello" on this machine, measured separately (brief). */
const HELLO_RPS = [5_700, 9_300] as const;

const QUERY = "query($p:String!){portability(phoneNumber:$p){__typename ... on Portability{portable}}}";

export async function overheadBench(stub: StubProcess, report: Report, nodeFlags: readonly string[]): Promise<void> {
  await stub.setLatency(0);
  const layer = await startLayer({ upstreamUrl: stub.url, env: { UPSTREAM_CONCURRENCY: "50" }, nodeFlags });
  const layer1 = new Pool(layer.url, { connections: 1, keepAliveTimeout: 30_000 });
  const direct1 = new Pool(stub.url, { connections: 1, keepAliveTimeout: 30_000 });
  const layer16 = new Pool(layer.url, { connections: C16, keepAliveTimeout: 30_000 });
  const direct16 = new Pool(stub.url, { connections: C16, keepAliveTimeout: 30_000 });

  // Every request asks for a number never asked before.
  let counter = 0;
  let badLayer = 0;
  let firstBad = "";
  let sent = 0;
  let layerRequests = 0;
  const viaLayer = (pool: Pool) => async () => {
    sent++;
    layerRequests++;
    const response = await postGraphQL<{ portability: { __typename: string; portable?: boolean } }>(pool, QUERY, { p: e164(212, counter++) });
    const result = response.body.data?.portability;
    if (response.status !== 200 || result?.__typename !== "Portability" || result.portable !== true) {
      if (badLayer++ === 0) firstBad = `${describeErrors(response)} ${JSON.stringify(response.body.data)}`;
    }
  };
  const viaDirect = (pool: Pool) => async () => {
    sent++;
    await getDirect(pool, e164(646, counter++));
  };
  const viaLayerFetch = async () => {
    sent++;
    const response = await postGraphQLFetch<{ portability: { __typename: string; portable?: boolean } }>(layer.url, QUERY, { p: e164(212, counter++) });
    if (response.status !== 200 || response.data?.portability.__typename !== "Portability" || response.data.portability.portable !== true) {
      if (badLayer++ === 0) firstBad = `fetch: HTTP ${response.status} ${JSON.stringify(response.data)}`;
    }
  };
  const viaDirectFetch = async () => {
    sent++;
    await getDirectFetch(stub.url, e164(646, counter++));
  };

  const layerSamples: number[] = [];
  const directSamples: number[] = [];
  const layerFetchSamples: number[] = [];
  const directFetchSamples: number[] = [];
  let rpsC1 = 0;
  let rpsC16 = 0;
  let directRpsC16 = 0;
  let peakRss = 0;
  try {
    await stub.reset();
    await sequentialLatencies(WARMUP, viaLayer(layer1));
    await sequentialLatencies(WARMUP, viaDirect(direct1));
    for (let done = 0; done < SAMPLES; done += CHUNK) {
      layerSamples.push(...(await sequentialLatencies(CHUNK, viaLayer(layer1))));
      directSamples.push(...(await sequentialLatencies(CHUNK, viaDirect(direct1))));
    }
    await sequentialLatencies(FETCH_WARMUP, viaLayerFetch);
    await sequentialLatencies(FETCH_WARMUP, viaDirectFetch);
    for (let done = 0; done < FETCH_SAMPLES; done += CHUNK) {
      layerFetchSamples.push(...(await sequentialLatencies(CHUNK, viaLayerFetch)));
      directFetchSamples.push(...(await sequentialLatencies(CHUNK, viaDirectFetch)));
    }
    rpsC1 = await closedLoop(C1_REQUESTS, 1, viaLayer(layer1));
    await closedLoop(C16_WARMUP, C16, viaLayer(layer16));
    rpsC16 = await closedLoop(C16_REQUESTS, C16, viaLayer(layer16));
    directRpsC16 = await closedLoop(C16_REQUESTS, C16, viaDirect(direct16));

    report.check(badLayer === 0, `overhead: ${badLayer} layer responses were not a portable Portability, first: ${firstBad}`);
    const seen = await stub.stats();
    report.check(seen.calls === sent && seen.distinct === sent, `overhead: ${seen.calls} upstream calls (${seen.distinct} distinct) for ${sent} requests`);
    report.check(seen.badRequests === 0, `overhead: ${seen.badRequests} malformed upstream requests`);
    peakRss = layer.memory().peakRss;
  } finally {
    await Promise.all([layer1.close(), direct1.close(), layer16.close(), direct16.close()]);
    await layer.stop();
  }

  const p = (samples: number[], q: number) => percentile(samples, q).toFixed(3);
  const overhead = median(layerSamples) - median(directSamples);
  console.log(`\n## 2. Overhead of one check, L = 0, ${SAMPLES} sequential requests each after ${WARMUP} warm-up`);
  console.log(`   layer  p50 ${p(layerSamples, 50)}  p90 ${p(layerSamples, 90)}  p99 ${p(layerSamples, 99)} ms`);
  console.log(`   direct p50 ${p(directSamples, 50)}  p90 ${p(directSamples, 90)}  p99 ${p(directSamples, 99)} ms`);
  console.log(`   p50 overhead ${overhead.toFixed(3)} ms (target ≤ ${TARGET_OVERHEAD_MS} ms); p99 overhead ${(percentile(layerSamples, 99) - percentile(directSamples, 99)).toFixed(3)} ms`);
  const fetchOverhead = median(layerFetchSamples) - median(directFetchSamples);
  console.log(`   with Node's global fetch as the client (${FETCH_SAMPLES} each after ${FETCH_WARMUP} warm-up):`);
  console.log(`   layer  p50 ${p(layerFetchSamples, 50)}  p90 ${p(layerFetchSamples, 90)}  p99 ${p(layerFetchSamples, 99)} ms`);
  console.log(`   direct p50 ${p(directFetchSamples, 50)}  p90 ${p(directFetchSamples, 90)}  p99 ${p(directFetchSamples, 99)} ms`);
  console.log(`   p50 overhead, fetch ${fetchOverhead.toFixed(3)} ms (target ≤ ${TARGET_OVERHEAD_MS} ms); undici Pool ${overhead.toFixed(3)} ms`);
  console.log(`   server peak RSS after ${layerRequests} single-number GraphQL requests: ${mb(peakRss)}`);
  console.log(`   layer req/s: c=1 ${rpsC1.toFixed(0)}, c=${C16} ${rpsC16.toFixed(0)} (bare Apollo hello here: ${HELLO_RPS.join("–")}); direct to stub c=${C16}: ${directRpsC16.toFixed(0)}`);

  report.add({ scenario: "2 overhead: p50 layer − direct", figure: `${overhead.toFixed(3)} ms`, target: `≤ ${TARGET_OVERHEAD_MS} ms`, ratio: overhead / TARGET_OVERHEAD_MS, meets: overhead <= TARGET_OVERHEAD_MS });
  report.add({ scenario: "2 overhead, fetch client: p50 layer − direct", figure: `${fetchOverhead.toFixed(3)} ms`, target: `≤ ${TARGET_OVERHEAD_MS} ms`, ratio: fetchOverhead / TARGET_OVERHEAD_MS, meets: fetchOverhead <= TARGET_OVERHEAD_MS });
  const hello = `${HELLO_RPS[0]}–${HELLO_RPS[1]} (hello)`;
  report.add({ scenario: "2 layer req/s, c=1", figure: rpsC1.toFixed(0), target: hello, ratio: [rpsC1 / HELLO_RPS[1], rpsC1 / HELLO_RPS[0]], meets: null });
  report.add({ scenario: `2 layer req/s, c=${C16}`, figure: rpsC16.toFixed(0), target: hello, ratio: [rpsC16 / HELLO_RPS[1], rpsC16 / HELLO_RPS[0]], meets: null });
}
