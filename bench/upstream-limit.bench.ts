import { Pool } from "undici";
import { describeErrors, postGraphQL } from "./graphql-client.js";
import { numbers, shuffled } from "./numbers.js";
import type { Report } from "./report.js";
import { startLayer } from "./server-process.js";
import { elapsedMs, ms, now } from "./stats.js";
import type { StubProcess } from "./stub-process.js";

/**
 * Scenario 6: an upstream limit the layer is not told about. The stub answers Twilio's 20429 at once
 * to any request arriving while LIMIT are held; the layer is configured for CAP = 100 in flight. One
 * batch of 1,000 numbers (500 distinct, each twice), L = 50 ms. A layer that finds the limit (adapts
 * its concurrency on 429) answers every number, makes few wasted calls and takes about
 * ceil(distinct / LIMIT) × L; one that retries blindly fails numbers or burns calls. Run once without
 * and once with `Retry-After: 1` on every 429, each on a fresh server.
 */
const UNIQUE = 500;
const LATENCY_MS = 50;
const CAP = 100;
const LIMIT = 30;
const BOUND_MS = Math.ceil(UNIQUE / LIMIT) * LATENCY_MS;
const TARGET_CALLS_RATIO = 1.2;
const TARGET_WALL_RATIO = 3;

const QUERY = "query($n:[String!]!){portabilities(phoneNumbers:$n){__typename ... on Portability{phoneNumber} ... on PortabilityCheckError{phoneNumber code}}}";

interface Result {
  readonly __typename: string;
  readonly phoneNumber: string;
  readonly code?: string;
}

export async function upstreamLimitBench(stub: StubProcess, report: Report, nodeFlags: readonly string[]): Promise<void> {
  const unique = numbers(737, UNIQUE);
  const batch = shuffled([...unique, ...unique], 0x429);
  await stub.setLatency(LATENCY_MS);
  console.log(`\n## 6. Unknown upstream limit: stub 429s (Twilio 20429) over ${LIMIT} in flight; layer cap ${CAP}; ${batch.length} numbers (${UNIQUE} distinct), L = ${LATENCY_MS} ms; bound ceil(${UNIQUE}/${LIMIT}) × L = ${BOUND_MS} ms`);
  try {
    for (const retryAfterSeconds of [null, 1]) {
      const variant = retryAfterSeconds === null ? "no Retry-After" : `Retry-After: ${retryAfterSeconds}`;
      await stub.setInFlightLimit({ maxInFlight: LIMIT, retryAfterSeconds });
      const layer = await startLayer({ upstreamUrl: stub.url, env: { UPSTREAM_CONCURRENCY: String(CAP), MAX_BATCH_SIZE: String(batch.length) }, nodeFlags });
      const client = new Pool(layer.url, { connections: 1, headersTimeout: 120_000, bodyTimeout: 120_000 });
      try {
        await stub.reset();
        const start = now();
        const response = await postGraphQL<{ portabilities: Result[] }>(client, QUERY, { n: batch });
        const wallMs = elapsedMs(start);
        const results = response.body.data?.portabilities ?? [];
        if (!report.check(response.status === 200 && results.length === batch.length, `upstream limit (${variant}): ${describeErrors(response)}, ${results.length} results for ${batch.length} numbers`)) continue;
        const misplaced = results.findIndex((r, i) => r.phoneNumber !== batch[i]);
        report.check(misplaced < 0, `upstream limit (${variant}): result ${misplaced} is for ${results[misplaced]?.phoneNumber}, expected ${batch[misplaced]}`);
        const seen = await stub.stats();
        report.check(seen.badRequests === 0, `upstream limit (${variant}): ${seen.badRequests} malformed upstream requests`);

        const answers = results.filter((r) => r.__typename === "Portability").length;
        const codes = new Map<string, number>();
        for (const r of results) if (r.__typename !== "Portability") codes.set(r.code ?? r.__typename, (codes.get(r.code ?? r.__typename) ?? 0) + 1);
        const answered = answers / batch.length;
        const calls = seen.calls / UNIQUE;
        const wall = wallMs / BOUND_MS;
        console.log(`   ${variant}: ${answers}/${batch.length} answered${codes.size > 0 ? ` (errors: ${[...codes].map(([code, n]) => `${n} ${code}`).join(", ")})` : ""}; ${seen.calls} upstream calls (${seen.rejected} answered 429) for ${UNIQUE} distinct, ${seen.distinct} of them ever answered 200; wall ${ms(wallMs, 0)}`);
        console.log(`     answers/total ${answered.toFixed(3)} (target 1.0), calls/distinct ${calls.toFixed(2)} (target ≤ ${TARGET_CALLS_RATIO}), wall/bound ${wall.toFixed(2)} (target ≤ ${TARGET_WALL_RATIO})`);
        report.add({ scenario: `6 upstream limit, ${variant}: answers / total`, figure: `${answered.toFixed(3)} (${answers} / ${batch.length})`, target: "1.0", ratio: answered, meets: answers === batch.length });
        report.add({ scenario: `6 upstream limit, ${variant}: calls / distinct`, figure: `${calls.toFixed(2)} (${seen.calls} / ${UNIQUE})`, target: `≤ ${TARGET_CALLS_RATIO}`, ratio: calls / TARGET_CALLS_RATIO, meets: calls <= TARGET_CALLS_RATIO });
        report.add({ scenario: `6 upstream limit, ${variant}: wall / bound`, figure: `${wall.toFixed(2)} (${wallMs.toFixed(0)} / ${BOUND_MS} ms)`, target: `≤ ${TARGET_WALL_RATIO}`, ratio: wall / TARGET_WALL_RATIO, meets: wall <= TARGET_WALL_RATIO });
      } finally {
        await client.close();
        await layer.stop();
      }
    }
  } finally {
    await stub.setInFlightLimit(null);
  }
}
