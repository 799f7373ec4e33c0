// npm run load: LOAD_SECONDS (30) of mixed single and batch queries over LOAD_CONNECTIONS (200)
// keep-alive connections against `node dist/main.js` on the embedded sandbox (no Twilio
// credentials), loopback only. Prints non-2xx, errors, latency percentiles and the server's peak RSS;
// exits 1 if any request failed. Bounded in time; kills the server however it ends.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";
import { killChildrenOnExit, stopChild, track } from "./children.js";
import { freePort } from "./free-port.js";
import { procMemory } from "./proc-memory.js";
import { mb, ms, percentile } from "./stats.js";

const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 200);
const BATCH_SHARE = 0.2;
const BATCH_SIZE = 20;
const ROOT = fileURLToPath(new URL("..", import.meta.url));

const FIELDS = "__typename ... on Portability { phoneNumber portable notPortableReason numberType } ... on PortabilityCheckError { code }";
const SINGLE = `query Single($n: String!) { portability(phoneNumber: $n) { ${FIELDS} } }`;
const BATCH = `query Batch($n: [String!]!) { portabilities(phoneNumbers: $n) { ${FIELDS} } }`;

/** Ordinary US numbers the sandbox answers with a verdict (no magic fault numbers). */
const randomNumber = () => `+1646555${1000 + Math.floor(Math.random() * 9000)}`;

interface Tally {
  requests: number;
  numbers: number;
  non2xx: number;
  errors: number;
  firstProblem: string | undefined;
  latencies: number[];
}

async function main(): Promise<void> {
  killChildrenOnExit();
  const port = await freePort();
  const server = track(
    spawn(process.execPath, ["dist/main.js"], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn" },
    }),
  );
  const origin = `http://127.0.0.1:${port}`;
  const pool = new Pool(origin, { connections: CONNECTIONS, headersTimeout: 30_000, bodyTimeout: 30_000 });
  try {
    await waitForHealth(pool);
    const before = procMemory(server.pid!);
    const tally: Tally = { requests: 0, numbers: 0, non2xx: 0, errors: 0, firstProblem: undefined, latencies: [] };
    const stopAt = performance.now() + SECONDS * 1000;
    const worker = async () => {
      while (performance.now() < stopAt) await oneRequest(pool, tally);
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    const took = (performance.now() - started) / 1000;
    const after = procMemory(server.pid!);

    console.log(`load: ${SECONDS} s, ${CONNECTIONS} connections, ${Math.round(BATCH_SHARE * 100)} % batches of ${BATCH_SIZE}, embedded sandbox`);
    console.log(`  requests        ${tally.requests} (${(tally.requests / took).toFixed(0)} req/s), numbers checked ${tally.numbers}`);
    console.log(`  non-2xx         ${tally.non2xx}`);
    console.log(`  errors          ${tally.errors}${tally.firstProblem === undefined ? "" : ` (first: ${tally.firstProblem})`}`);
    console.log(
      `  latency         p50 ${ms(percentile(tally.latencies, 50))}  p90 ${ms(percentile(tally.latencies, 90))}  ` +
        `p99 ${ms(percentile(tally.latencies, 99))}  max ${ms(percentile(tally.latencies, 100))}`,
    );
    console.log(`  server RSS      ${mb(before.rss)} before, ${mb(after.rss)} after, peak ${mb(after.peakRss)}`);
    if (tally.non2xx > 0 || tally.errors > 0) process.exitCode = 1;
  } finally {
    await pool.close();
    await stopChild(server, 5_000);
  }
}

async function oneRequest(pool: Pool, tally: Tally): Promise<void> {
  const batch = Math.random() < BATCH_SHARE;
  const variables = batch ? { n: Array.from({ length: BATCH_SIZE }, randomNumber) } : { n: randomNumber() };
  const started = performance.now();
  try {
    const response = await pool.request({
      path: "/graphql",
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: batch ? BATCH : SINGLE, variables }),
    });
    const text = await response.body.text();
    tally.latencies.push(performance.now() - started);
    tally.requests += 1;
    tally.numbers += batch ? BATCH_SIZE : 1;
    if (response.statusCode < 200 || response.statusCode > 299) {
      tally.non2xx += 1;
      tally.firstProblem ??= `HTTP ${response.statusCode}: ${text.slice(0, 200)}`;
      return;
    }
    const body = JSON.parse(text) as { errors?: unknown[]; data?: { portability?: { __typename: string }; portabilities?: Array<{ __typename: string }> } };
    const results = batch ? (body.data?.portabilities ?? []) : [body.data?.portability];
    if (body.errors !== undefined || results.length !== (batch ? BATCH_SIZE : 1) || results.some((r) => r?.__typename !== "Portability")) {
      tally.errors += 1;
      tally.firstProblem ??= text.slice(0, 200);
    }
  } catch (error) {
    tally.requests += 1;
    tally.errors += 1;
    tally.firstProblem ??= String(error);
  }
}

async function waitForHealth(pool: Pool): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      const response = await pool.request({ path: "/healthz", method: "GET" });
      await response.body.dump();
      if (response.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the server did not answer /healthz within 15 s");
}

await main();
