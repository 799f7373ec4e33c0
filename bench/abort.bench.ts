import { Pool } from "undici";
import { postGraphQL } from "./graphql-client.js";
import { e164, numbers } from "./numbers.js";
import type { Report } from "./report.js";
import { startLayer } from "./server-process.js";
import { sleep, timedCheck } from "./single-check.js";
import { median, ms } from "./stats.js";
import type { StubProcess } from "./stub-process.js";

/**
 * Scenario 5: clients that give up. BATCHES clients each send a BATCH_SIZE-number batch, then
 * destroy their sockets after ABORT_AFTER_MS. Nobody can receive the answers any more, so the
 * upstream calls the stub gets in the WINDOW_MS after that are waste: a layer that cancels on
 * disconnect sends ≈ 0; one that does not keeps its cap busy, CAP × WINDOW_MS / L calls. Then one
 * fresh single check: does it wait behind the abandoned work?
 */
const LATENCY_MS = 200;
const CAP = 10;
const BATCHES = 5;
const BATCH_SIZE = 2_000;
const ABORT_AFTER_MS = 1_000;
const WINDOW_MS = 3_000;
const ALONE_SAMPLES = 5;
/** What a server that keeps its cap busy sends in the window. */
const CAP_LIMITED_CALLS = (CAP * WINDOW_MS) / LATENCY_MS;
const TARGET_FRESH_RATIO = 3;

const BATCH_QUERY = "query($n:[String!]!){portabilities(phoneNumbers:$n){__typename}}";

export async function abortBench(stub: StubProcess, report: Report, nodeFlags: readonly string[]): Promise<void> {
  await stub.setLatency(LATENCY_MS);
  const layer = await startLayer({
    upstreamUrl: stub.url,
    env: { UPSTREAM_CONCURRENCY: String(CAP), MAX_BATCH_SIZE: String(BATCH_SIZE), SHUTDOWN_TIMEOUT_MS: "0" },
    nodeFlags,
  });
  const quitters = new Pool(layer.url, { connections: BATCHES, headersTimeout: 120_000, bodyTimeout: 120_000 });
  const fresh = new Pool(layer.url, { connections: 1, headersTimeout: 60_000, bodyTimeout: 60_000 });

  let counter = 0;
  const next = () => e164(628, counter++);
  const alone: number[] = [];
  let before = 0;
  let after = 0;
  let freshMs = 0;
  let answeredBeforeAbort = 0;
  try {
    await timedCheck(fresh, next(), report, "abort warm-up");
    for (let i = 0; i < ALONE_SAMPLES; i++) alone.push(await timedCheck(fresh, next(), report, "abort: check alone"));

    await stub.reset();
    let settled = 0;
    for (let batch = 0; batch < BATCHES; batch++) {
      postGraphQL(quitters, BATCH_QUERY, { n: numbers(500 + batch, BATCH_SIZE) }).then(
        () => settled++,
        () => undefined,
      );
    }
    await sleep(ABORT_AFTER_MS);
    // Not a failure of the layer (a short REQUEST_TIMEOUT_MS could answer them), but then fewer
    // batches were abandoned than the figure assumes: say so next to it.
    answeredBeforeAbort = settled;
    // destroy() closes the sockets at once, without waiting for the answers: what a killed client does.
    await quitters.destroy();
    before = (await stub.stats()).calls;
    await stub.reset();
    await sleep(WINDOW_MS);
    const seen = await stub.stats();
    after = seen.calls;
    report.check(seen.maxInFlight <= CAP, `abort: ${seen.maxInFlight} upstream calls in flight, cap is ${CAP}`);
    freshMs = await timedCheck(fresh, next(), report, "abort: fresh check after the abort");
  } finally {
    await Promise.all([quitters.destroy(), fresh.close()]);
    await layer.stop(1_000);
  }

  const aloneMs = median(alone);
  const wasted = after / CAP_LIMITED_CALLS;
  console.log(`\n## 5. Abort: ${BATCHES} clients send ${BATCH_SIZE.toLocaleString("en")}-number batches, destroy their sockets after ${ABORT_AFTER_MS} ms; L = ${LATENCY_MS} ms, cap ${CAP}`);
  console.log(`   upstream calls: ${before} before the abort, ${after} in the ${WINDOW_MS / 1000} s after (a cap-limited server: ${CAP_LIMITED_CALLS}); after/cap-limited ${wasted.toFixed(2)} (target ≈ 0)`);
  if (answeredBeforeAbort > 0) console.log(`   note: ${answeredBeforeAbort} of ${BATCHES} batches were answered before the abort: fewer were abandoned`);
  console.log(`   fresh check after the window ${ms(freshMs, 0)}, alone ${ms(aloneMs, 0)} (${alone.map((t) => t.toFixed(0)).join(", ")}); after/alone ${(freshMs / aloneMs).toFixed(2)} (target ≤ ${TARGET_FRESH_RATIO})`);
  report.add({ scenario: "5 abort: upstream calls after / cap-limited", figure: `${wasted.toFixed(2)} (${after} / ${CAP_LIMITED_CALLS} in ${WINDOW_MS / 1000} s)`, target: "≈ 0 (≤ 0.05)", ratio: wasted / 0.05, meets: wasted <= 0.05 });
  report.add({ scenario: "5 abort: fresh check after / alone", figure: `${(freshMs / aloneMs).toFixed(2)} (${freshMs.toFixed(0)} / ${aloneMs.toFixed(0)} ms)`, target: `≤ ${TARGET_FRESH_RATIO}`, ratio: freshMs / aloneMs / TARGET_FRESH_RATIO, meets: freshMs / aloneMs <= TARGET_FRESH_RATIO });
}
