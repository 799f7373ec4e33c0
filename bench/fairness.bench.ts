import { Pool } from "undici";
import { writeApiKeysFile } from "./api-keys.js";
import { postGraphQL } from "./graphql-client.js";
import { e164, numbers } from "./numbers.js";
import type { Report } from "./report.js";
import { startLayer } from "./server-process.js";
import { sleep, timedCheck } from "./single-check.js";
import { elapsedMs, median, ms, now } from "./stats.js";
import type { StubProcess } from "./stub-process.js";

/**
 * Scenario 4: does one caller's big work starve another's small one? Two API keys. Caller A sends
 * BATCHES batches of BATCH_SIZE distinct numbers at once; while they run, caller B sends single
 * checks one after another. B's latency against the same check with the layer idle: a scheduler
 * that is fair across callers gives B the next free upstream slot, so B should wait about one slot
 * turn (≈ L), i.e. ≤ ~3× alone. A FIFO shared by everyone puts B behind every check A has queued.
 *
 * Bounded: A's 5,000 checks would take 5,000 / CAP × L = 100 s; nobody waits for them. B samples
 * for at most B_WINDOW_MS (or B_SAMPLES checks), then A's connections are destroyed and the layer
 * is stopped.
 */
const LATENCY_MS = 200;
const CAP = 10;
const BATCHES = 5;
const BATCH_SIZE = 1_000;
const ALONE_SAMPLES = 5;
const B_SAMPLES = 8;
const B_WINDOW_MS = 15_000;
/** Time for A's batches to arrive, be admitted and fill the upstream queue before B starts. */
const SETTLE_MS = 1_000;
const TARGET_RATIO = 3;

const BATCH_QUERY = "query($n:[String!]!){portabilities(phoneNumbers:$n){__typename}}";

export async function fairnessBench(stub: StubProcess, report: Report, nodeFlags: readonly string[]): Promise<void> {
  await stub.setLatency(LATENCY_MS);
  const keys = writeApiKeysFile(["caller-a", "caller-b"]);
  const a = { authorization: keys.authorization.get("caller-a")! };
  const b = { authorization: keys.authorization.get("caller-b")! };
  const layer = await startLayer({
    upstreamUrl: stub.url,
    env: { UPSTREAM_CONCURRENCY: String(CAP), MAX_BATCH_SIZE: String(BATCH_SIZE), API_KEYS_FILE: keys.path, SHUTDOWN_TIMEOUT_MS: "0" },
    nodeFlags,
  });
  const clientA = new Pool(layer.url, { connections: BATCHES, headersTimeout: 120_000, bodyTimeout: 120_000 });
  const clientB = new Pool(layer.url, { connections: 1, headersTimeout: 60_000, bodyTimeout: 60_000 });

  let counter = 0;
  const nextB = () => e164(332, counter++);
  const alone: number[] = [];
  const during: number[] = [];
  let duringWindowMs = 0;
  let maxInFlight = 0;
  try {
    await stub.reset();
    await timedCheck(clientB, nextB(), report, "fairness warm-up", b);
    for (let i = 0; i < ALONE_SAMPLES; i++) alone.push(await timedCheck(clientB, nextB(), report, "fairness B alone", b));

    // A's batches are never awaited to the end: they are cut off below. Their outcome is not checked.
    for (let batch = 0; batch < BATCHES; batch++) {
      const phoneNumbers = numbers(400 + batch, BATCH_SIZE);
      postGraphQL(clientA, BATCH_QUERY, { n: phoneNumbers }, a).catch(() => undefined);
    }
    await sleep(SETTLE_MS);
    const start = now();
    while (during.length < B_SAMPLES && elapsedMs(start) < B_WINDOW_MS) {
      during.push(await timedCheck(clientB, nextB(), report, "fairness B during A's batches", b));
    }
    duringWindowMs = elapsedMs(start);
    const seen = await stub.stats();
    maxInFlight = seen.maxInFlight;
    report.check(seen.maxInFlight <= CAP, `fairness: ${seen.maxInFlight} upstream calls in flight, cap is ${CAP}`);
    report.check(seen.badRequests === 0, `fairness: ${seen.badRequests} malformed upstream requests`);
  } finally {
    await Promise.all([clientA.destroy(), clientB.close()]);
    await layer.stop(1_000);
    keys.remove();
  }

  const aloneMs = median(alone);
  const p50 = median(during);
  const max = Math.max(...during);
  console.log(`\n## 4. Fairness: caller A ${BATCHES} × ${BATCH_SIZE.toLocaleString("en")}-number batches at once, caller B single checks; L = ${LATENCY_MS} ms, cap ${CAP}`);
  console.log(`   B alone:  ${alone.map((t) => t.toFixed(0)).join(", ")} ms (median ${ms(aloneMs)})`);
  console.log(`   B during: ${during.map((t) => t.toFixed(0)).join(", ")} ms (${during.length} checks in ${(duringWindowMs / 1000).toFixed(1)} s); max upstream in flight ${maxInFlight}`);
  console.log(`   B p50 during ${ms(p50, 0)}, max ${ms(max, 0)}; during/alone: p50 ${(p50 / aloneMs).toFixed(2)}, max ${(max / aloneMs).toFixed(2)} (target ≤ ${TARGET_RATIO}, about one slot turn)`);
  report.add({ scenario: "4 fairness: B p50 during A / alone", figure: `${(p50 / aloneMs).toFixed(2)} (${p50.toFixed(0)} / ${aloneMs.toFixed(0)} ms)`, target: `≤ ${TARGET_RATIO}`, ratio: p50 / aloneMs / TARGET_RATIO, meets: p50 / aloneMs <= TARGET_RATIO });
  report.add({ scenario: "4 fairness: B max during A / alone", figure: `${(max / aloneMs).toFixed(2)} (${max.toFixed(0)} / ${aloneMs.toFixed(0)} ms)`, target: `≤ ${TARGET_RATIO}`, ratio: max / aloneMs / TARGET_RATIO, meets: max / aloneMs <= TARGET_RATIO });
}
