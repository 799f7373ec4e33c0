import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { allResults, distinctNumbers, getJob, startJob, waitForEnd } from "../../helpers/jobs-client.js";
import { describeWithRedis } from "../../helpers/redis.js";
import { portabilityBody, startStubTwilio, type StubTwilio } from "../../helpers/stub-twilio.js";
import { STUB_ACCOUNT_SID, STUB_AUTH_TOKEN, startTestApp, type TestApp } from "../../helpers/test-app.js";

const WORKER = fileURLToPath(new URL("../../../dist/jobs/worker-main.js", import.meta.url));
const CHUNK = 200;
const TOTAL = 3_000;

/** The built worker (`npm run build` first; `npm test` does), resolving once it logs that it runs. */
function startWorker(env: Record<string, string>): { child: ChildProcess; running: Promise<void> } {
  const child = spawn(process.execPath, [WORKER], { env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const running = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString("utf8").includes("job worker running") && resolve());
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
  });
  running.catch(() => {});
  return { child, running };
}

describeWithRedis("a job worker killed with SIGKILL mid-job", (redis) => {
  let stub: StubTwilio;
  let producer: TestApp;
  let workerEnv: Record<string, string>;
  const workers: ChildProcess[] = [];
  beforeAll(async () => {
    stub = await startStubTwilio();
    stub.respond((request) => ({ status: 200, body: portabilityBody(request.phoneNumber), delayMs: 5 }));
    const prefix = redis.prefix();
    const shared = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, JOB_CHUNK_SIZE: String(CHUNK), JOB_LOCK_MS: "1000", CACHE_TTL_SECONDS: "0" };
    // The server only queues (JOB_WORKERS=none): every check is made by the worker processes.
    producer = await startTestApp(stub.url, { ...shared, JOB_WORKERS: "none", LOG_LEVEL: "silent" });
    workerEnv = { ...shared, TWILIO_ACCOUNT_SID: STUB_ACCOUNT_SID, TWILIO_AUTH_TOKEN: STUB_AUTH_TOKEN, TWILIO_NUMBERS_BASE_URL: stub.url, LOG_LEVEL: "info" };
  });
  afterAll(async () => {
    for (const worker of workers) worker.kill("SIGKILL");
    await producer?.close();
    await stub?.close();
  });

  it("completes after a restart with every result in order; only the chunk in flight at the kill is checked twice", { timeout: 90_000 }, async () => {
    const numbers = distinctNumbers(TOTAL, 8_000_000);
    const started = await startJob(producer.url, { phoneNumbers: numbers }, {});
    const first = startWorker(workerEnv);
    workers.push(first.child);
    await first.running;
    let atKill = 0;
    while (atKill < 3 * CHUNK) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      atKill = (await getJob(producer.url, started.id, {}))!.completed;
    }
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    const checkpoint = (await getJob(producer.url, started.id, {}))!;
    expect(checkpoint.status).toBe("RUNNING");
    expect(checkpoint.completed % CHUNK).toBe(0);

    const second = startWorker(workerEnv);
    workers.push(second.child);
    await second.running;
    const { job } = await waitForEnd(producer.url, started.id, {}, 60_000);
    expect(job).toMatchObject({ status: "COMPLETED", total: TOTAL, completed: TOTAL, portable: TOTAL, failed: 0 });
    const { nodes } = await allResults(producer.url, started.id, {});
    expect(nodes.map((node) => node.phoneNumber)).toEqual(numbers);

    // Every number asked at least once; the only repeats are numbers of the chunk after the checkpoint.
    const twice = numbers.filter((number) => stub.attemptsFor(number) > 1);
    expect(numbers.every((number) => stub.attemptsFor(number) >= 1)).toBe(true);
    expect(twice.length).toBeLessThanOrEqual(CHUNK);
    const inFlightChunk = new Set(numbers.slice(checkpoint.completed, checkpoint.completed + CHUNK));
    expect(twice.every((number) => inFlightChunk.has(number))).toBe(true);
    expect(stub.received).toHaveLength(TOTAL + twice.length);
  });
});
