import { Pool } from "undici";
import { e164, numbers } from "./numbers.js";
import type { Report } from "./report.js";
import { startLayer } from "./server-process.js";
import { sleep, timedCheck } from "./single-check.js";
import { elapsedMs, median, ms, now } from "./stats.js";
import type { StubProcess } from "./stub-process.js";

/**
 * Scenario 10: one bulk job of N distinct numbers (POST /jobs, JSON body), in memory (no REDIS_URL),
 * no verdict cache, L = 10 ms, cap C = 25. Polls GET /jobs/{id} every 500 ms until COMPLETED (gives up
 * after 5 minutes). While it runs, 10 interactive single checks one at a time; the same 10 alone
 * before the job. Prints wall / bound (bound = ceil(N / C) × L), upstream calls / distinct, the
 * server's peak RSS (VmHWM) and interactive p50 during / alone (a job is `bulk` priority: an
 * interactive check should wait about one slot turn).
 *
 * About 65 s at N = 100,000 (the job's wall time plus ~4 s), so it is part of the default run;
 * alone: `npm run bench -- jobs`. BENCH_JOB_SIZE shrinks N.
 */
const LATENCY_MS = 10;
const CAP = 25;
const DEFAULT_SIZE = 100_000;
const POLL_MS = 500;
const GIVE_UP_MS = 5 * 60_000;
const SAMPLES = 10;
/** Time for the job to be queued, started and fill the upstream slots before the interactive checks. */
const SETTLE_MS = 1_000;
const WALL_TARGET = 1.5;
const RSS_TARGET_MB = 250;
const INTERACTIVE_TARGET = 3;

/** Budget for the watchdog: the give-up bound plus start, checks and stop. */
export const jobsBudgetMs = GIVE_UP_MS + 60_000;

interface JobJson {
  readonly id: string;
  readonly status: string;
  readonly total: number;
  readonly completed: number;
  readonly portable: number;
  readonly failed: number;
}

function jobSize(): number {
  const raw = process.env.BENCH_JOB_SIZE;
  if (raw === undefined || raw === "") return DEFAULT_SIZE;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > DEFAULT_SIZE) throw new Error(`BENCH_JOB_SIZE must be an integer 1–${DEFAULT_SIZE}, got ${raw}`);
  return size;
}

async function getJob(client: Pool, path: string): Promise<JobJson> {
  const response = await client.request({ path, method: "GET", headers: { accept: "application/json" } });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`GET ${path}: HTTP ${response.statusCode} ${text.slice(0, 300)}`);
  return JSON.parse(text) as JobJson;
}

export async function jobsBench(stub: StubProcess, report: Report, nodeFlags: readonly string[]): Promise<void> {
  const size = jobSize();
  await stub.setLatency(LATENCY_MS);
  const layer = await startLayer({
    upstreamUrl: stub.url,
    env: { UPSTREAM_CONCURRENCY: String(CAP), CACHE_TTL_SECONDS: "0", MAX_JOB_SIZE: String(DEFAULT_SIZE), SHUTDOWN_TIMEOUT_MS: "0" },
    nodeFlags,
  });
  const jobClient = new Pool(layer.url, { connections: 1, headersTimeout: 60_000, bodyTimeout: 60_000 });
  const checkClient = new Pool(layer.url, { connections: 1, headersTimeout: 60_000, bodyTimeout: 60_000 });

  let counter = 0;
  const nextCheck = () => e164(333, counter++);
  const alone: number[] = [];
  const during: number[] = [];
  let wallMs = Number.NaN;
  let last: JobJson | undefined;
  let gaveUp = false;
  let peakRss = Number.NaN;
  let idleRss = Number.NaN;
  let seen: Awaited<ReturnType<StubProcess["stats"]>> | undefined;
  try {
    await sleep(500);
    idleRss = layer.memory().rss;
    await timedCheck(checkClient, nextCheck(), report, "jobs warm-up");
    for (let i = 0; i < SAMPLES; i++) alone.push(await timedCheck(checkClient, nextCheck(), report, "jobs check alone"));
    await stub.reset();

    const phoneNumbers = numbers(480, size);
    const start = now();
    const response = await jobClient.request({
      path: "/jobs",
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ phoneNumbers }),
    });
    const text = await response.body.text();
    const location = response.headers.location;
    if (!report.check(response.statusCode === 201 && typeof location === "string", `jobs: POST /jobs answered HTTP ${response.statusCode}, location ${String(location)}: ${text.slice(0, 300)}`)) return;
    const jobPath = location as string;
    last = JSON.parse(text) as JobJson;

    // The poller and the interactive checks run side by side.
    const polling = (async () => {
      while (last!.status !== "COMPLETED") {
        if (["CANCELLED", "FAILED"].includes(last!.status)) return;
        if (elapsedMs(start) > GIVE_UP_MS) {
          gaveUp = true;
          return;
        }
        await sleep(POLL_MS);
        last = await getJob(jobClient, jobPath);
      }
      wallMs = elapsedMs(start);
    })();
    await sleep(SETTLE_MS);
    for (let i = 0; i < SAMPLES && last.status !== "COMPLETED" && !gaveUp; i++) {
      during.push(await timedCheck(checkClient, nextCheck(), report, "jobs check during the job"));
    }
    await polling;
    peakRss = layer.memory().peakRss;
    seen = await stub.stats();
  } finally {
    await Promise.all([jobClient.destroy(), checkClient.close()]);
    await layer.stop(1_000);
  }

  const bound = Math.ceil(size / CAP) * LATENCY_MS;
  const mb = (bytes: number) => bytes / 1024 / 1024;
  const status = last?.status ?? "not started";
  console.log(`\n## 10. Jobs: one job of ${size.toLocaleString("en")} distinct numbers (POST /jobs), in memory, no cache; L = ${LATENCY_MS} ms, cap ${CAP}`);
  console.log(`   job: ${status}, completed ${last?.completed ?? 0} / ${size}, portable ${last?.portable ?? 0}, failed ${last?.failed ?? 0}`);
  if (seen !== undefined) console.log(`   stub: ${seen.calls} calls (${seen.calls - during.length} for the job), ${seen.distinct} distinct numbers, max in flight ${seen.maxInFlight}`);
  console.log(`   checks alone:  ${alone.map((t) => t.toFixed(0)).join(", ")} ms`);
  console.log(`   checks during: ${during.map((t) => t.toFixed(0)).join(", ")} ms`);
  console.log(`   server RSS idle ${mb(idleRss).toFixed(1)} MB, peak (VmHWM) ${mb(peakRss).toFixed(1)} MB`);

  if (status !== "COMPLETED" || seen === undefined) {
    const why = gaveUp ? `gave up after ${GIVE_UP_MS / 1000} s` : `ended ${status}`;
    report.check(false, `jobs: the job ${why} (completed ${last?.completed ?? 0} / ${size})`);
    report.add({ scenario: "10 jobs: wall / bound", figure: `${why}, ${last?.completed ?? 0} / ${size} done`, target: `≤ ${WALL_TARGET}`, ratio: null, meets: false });
    return;
  }
  report.check(last!.completed === size && last!.total === size && last!.portable === size, `jobs: job counts ${JSON.stringify(last)}, expected ${size} portable`);
  report.check(seen.maxInFlight <= CAP, `jobs: ${seen.maxInFlight} upstream calls in flight, cap is ${CAP}`);
  report.check(seen.badRequests === 0, `jobs: ${seen.badRequests} malformed upstream requests`);
  // The stub's counters were reset just before the job: they hold the job's calls plus the interactive checks' (distinct numbers of their own).
  const jobCalls = seen.calls - during.length;
  const jobDistinct = seen.distinct - during.length;
  report.check(jobDistinct === size, `jobs: stub saw ${jobDistinct} distinct job numbers, expected ${size}`);

  const wallRatio = wallMs / bound;
  const callRatio = jobCalls / jobDistinct;
  const aloneMs = median(alone);
  const p50 = during.length > 0 ? median(during) : Number.NaN;
  const interactive = p50 / aloneMs;
  console.log(`   wall ${ms(wallMs, 0)} (poll every ${POLL_MS} ms) / bound ${ms(bound, 0)} = ${wallRatio.toFixed(2)} (target ≤ ${WALL_TARGET}); calls / distinct ${callRatio.toFixed(3)}`);
  console.log(`   interactive p50 during ${ms(p50, 1)} / alone ${ms(aloneMs, 1)} = ${interactive.toFixed(2)} (target ≤ ${INTERACTIVE_TARGET}, about one slot turn)`);
  report.add({ scenario: "10 jobs: wall / bound", figure: `${wallRatio.toFixed(2)} (${(wallMs / 1000).toFixed(1)} s / ${(bound / 1000).toFixed(1)} s)`, target: `≤ ${WALL_TARGET}`, ratio: wallRatio / WALL_TARGET, meets: wallRatio <= WALL_TARGET });
  report.add({ scenario: "10 jobs: upstream calls / distinct", figure: `${callRatio.toFixed(3)} (${jobCalls} / ${jobDistinct})`, target: "1.0", ratio: callRatio, meets: jobCalls === jobDistinct });
  report.add({ scenario: "10 jobs: server peak RSS (VmHWM)", figure: `${mb(peakRss).toFixed(1)} MB (idle ${mb(idleRss).toFixed(1)} MB)`, target: `≤ ${RSS_TARGET_MB} MB`, ratio: mb(peakRss) / RSS_TARGET_MB, meets: mb(peakRss) <= RSS_TARGET_MB });
  report.add({
    scenario: "10 jobs: interactive p50 during / alone",
    figure: during.length > 0 ? `${interactive.toFixed(2)} (${p50.toFixed(1)} / ${aloneMs.toFixed(1)} ms, ${during.length} checks)` : "no check during the job (it ended first)",
    target: `≤ ${INTERACTIVE_TARGET}`,
    ratio: during.length > 0 ? interactive / INTERACTIVE_TARGET : null,
    meets: during.length > 0 ? interactive <= INTERACTIVE_TARGET : null,
  });
}
