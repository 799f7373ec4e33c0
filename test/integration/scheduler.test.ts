import { afterEach, describe, expect, it } from "vitest";
import { CheckPortabilitiesDocument, CheckPortabilityDocument } from "../generated/operations.js";
import { metricValue, portableResult, scrapeMetrics, sleep, twilioError, waitFor } from "../helpers/fault-stub.js";
import { execute } from "../helpers/graphql-client.js";
import { portabilityBody, startStubTwilio, type StubReply, type StubTwilio } from "../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { bearer, writeKeysFile, type KeysFile } from "../security/helpers/security-helpers.js";
import { print } from "graphql";

const PARTNER = "partner-secret-0123456789";
const FRONTEND = "frontend-secret-0123456789";
const numbers = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `+1${prefix}${String(i).padStart(4, "0")}`);
const BATCH_QUERY = print(CheckPortabilitiesDocument);

/** Starts a batch the test can abandon: the request is aborted (its socket closed) by `abandon()`. */
function abandonableBatch(url: string, phoneNumbers: string[], headers: Record<string, string>) {
  const controller = new AbortController();
  const done = fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query: BATCH_QUERY, variables: { phoneNumbers } }),
    signal: controller.signal,
  }).then(
    (response) => response.text(),
    () => "aborted",
  );
  return { abandon: () => controller.abort(), done };
}

async function timedSingle(url: string, phoneNumber: string, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await execute(url, CheckPortabilityDocument, { phoneNumber }, headers);
  return { result: response.body.data?.portability, elapsed: performance.now() - started };
}

describe("the upstream scheduler, over real HTTP against a stub Twilio", () => {
  let stub: StubTwilio | undefined;
  let app: TestApp | undefined;
  let keys: KeysFile | undefined;
  afterEach(async () => {
    await app?.close();
    await stub?.close();
    keys?.remove();
    app = stub = keys = undefined;
  });

  async function start(latencyMs: number, env: Record<string, string>) {
    stub = await startStubTwilio({ latencyMs });
    keys = writeKeysFile([
      { id: "partner", secret: PARTNER, targets: "*" },
      { id: "frontend", secret: FRONTEND, targets: "*" },
    ]);
    app = await startTestApp(stub.url, { API_KEYS_FILE: keys.path, LOG_LEVEL: "warn", MAX_BATCH_SIZE: "1000", ...env });
    return { stub, app };
  }

  it("is fair: a single check waits about one slot turn while another caller's batches hold hundreds of queued checks", async () => {
    // 3 × 300 distinct numbers at 100 ms and 5 slots: about 6 s of queue in front of a first-come-first-served check.
    const { stub, app } = await start(100, { UPSTREAM_CONCURRENCY: "5" });
    const alone = await timedSingle(app.url, "+14155550100", bearer(FRONTEND));
    const batches = [0, 1, 2].map((i) => abandonableBatch(app.url, numbers(`20655${i}`, 300), bearer(PARTNER)));
    await waitFor(() => stub.received.length >= 10, 5_000, "the batches to reach Twilio");
    const during = await timedSingle(app.url, "+14155550101", bearer(FRONTEND));
    expect(during.result).toEqual(portableResult("+14155550101"));
    expect(alone.result).toEqual(portableResult("+14155550100"));
    // One turn is one 100 ms answer; a generous bound that a FIFO queue (~6 s) could never meet.
    expect(during.elapsed).toBeLessThan(1_000);
    expect(stub.received.length).toBeLessThan(900);
    for (const batch of batches) batch.abandon();
    await Promise.all(batches.map((batch) => batch.done));
  });

  it("cancels: once the clients of large batches are gone, their queued checks never start and their calls are aborted", async () => {
    const { stub, app } = await start(200, { UPSTREAM_CONCURRENCY: "10" });
    const batches = [0, 1].map((i) => abandonableBatch(app.url, numbers(`30655${i}`, 500), bearer(PARTNER)));
    await waitFor(() => stub.received.length >= 20, 5_000, "the batches to reach Twilio");
    for (const batch of batches) batch.abandon();
    await Promise.all(batches.map((batch) => batch.done));
    await sleep(100);
    const afterAbort = stub.received.length;
    await sleep(600);
    // No new request reached Twilio after the clients left (at most the ones already on the wire).
    expect(stub.received.length - afterAbort).toBe(0);
    expect(afterAbort).toBeLessThan(60);
    const metrics = await scrapeMetrics(app.url);
    expect(metricValue(metrics, "portability_upstream_in_flight")).toBe(0);
    expect(metricValue(metrics, "portability_upstream_waiting")).toBe(0);
    expect(metricValue(metrics, 'portability_upstream_requests_total{status="aborted"}')).toBeGreaterThan(0);
    // And the next caller is served at once.
    const next = await timedSingle(app.url, "+14155550102", bearer(FRONTEND));
    expect(next.result).toEqual(portableResult("+14155550102"));
    expect(next.elapsed).toBeLessThan(1_000);
  });

  it("bounds a whole request by REQUEST_TIMEOUT_MS: unfinished checks end retryable UPSTREAM_TIMEOUT, the rest is sent", async () => {
    const { stub, app } = await start(0, { UPSTREAM_CONCURRENCY: "5", UPSTREAM_TIMEOUT_MS: "10000", REQUEST_TIMEOUT_MS: "600", BREAKER_MIN_CHECKS: "1000000" });
    const phoneNumbers = numbers("415666", 50);
    const answered = new Set(phoneNumbers.slice(0, 3));
    stub.respond((request): StubReply => (answered.has(request.phoneNumber) ? { status: 200, body: portabilityBody(request.phoneNumber) } : { hang: true }));
    const started = performance.now();
    const response = await execute(app.url, CheckPortabilitiesDocument, { phoneNumbers }, bearer(PARTNER));
    const elapsed = performance.now() - started;
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.portabilities).toEqual(
      phoneNumbers.map((phoneNumber) =>
        answered.has(phoneNumber) ? portableResult(phoneNumber) : expect.objectContaining({ phoneNumber, code: "UPSTREAM_TIMEOUT", retryable: true }),
      ),
    );
    expect(elapsed).toBeGreaterThanOrEqual(550);
    expect(elapsed).toBeLessThan(2_000);
    // The hung calls were aborted with the request, not left holding the slots.
    await waitFor(() => app.app.checker.scheduler.inFlight === 0, 2_000, "the upstream calls to be aborted");
  });

  it("fails queued checks at once when the breaker opens", async () => {
    const { stub, app } = await start(20, {
      UPSTREAM_CONCURRENCY: "2",
      UPSTREAM_MAX_RETRIES: "0",
      BREAKER_MIN_CHECKS: "4",
      BREAKER_HALF_OPEN_AFTER_MS: "60000",
    });
    stub.respond(() => ({ status: 503, body: twilioError(20503, 503), delayMs: 20 }));
    const phoneNumbers = numbers("415777", 200);
    const started = performance.now();
    const response = await execute(app.url, CheckPortabilitiesDocument, { phoneNumbers }, bearer(PARTNER));
    const results = response.body.data!.portabilities;
    expect(results).toEqual(phoneNumbers.map((phoneNumber) => expect.objectContaining({ phoneNumber, code: "UPSTREAM_UNAVAILABLE", retryable: true })));
    // 200 checks × 20 ms over 2 slots would take 2 s and 200 calls; the open breaker ends the queue.
    expect(stub.received.length).toBeLessThan(20);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(app.app.checker.breakerState).toBe("open");
  });

  describe("adapts to a Twilio limit below UPSTREAM_CONCURRENCY", () => {
    const REAL_LIMIT = 10;
    /** Twilio's account concurrency limit: more than REAL_LIMIT in flight gets 429 / 20429 at once. */
    const limited = (retryAfter: string | null) => (request: { phoneNumber: string }): StubReply =>
      stub!.inFlight > REAL_LIMIT
        ? { status: 429, body: twilioError(20429, 429, "Too Many Requests"), headers: retryAfter === null ? {} : { "retry-after": retryAfter } }
        : { status: 200, body: portabilityBody(request.phoneNumber), delayMs: 30 };

    it.each([
      ["without Retry-After", null, 1.6],
      ["with Retry-After: 1 on every 429", "1", 1.6],
    ])("%s: every number of a batch is answered, and upstream calls stay close to the distinct numbers", async (_name, retryAfter, callsPerNumber) => {
      const { stub, app } = await start(0, { UPSTREAM_CONCURRENCY: "50", UPSTREAM_RETRY_BASE_MS: "20", UPSTREAM_TIMEOUT_MS: "20000" });
      stub.respond(limited(retryAfter));
      const distinct = numbers("415888", 200);
      const phoneNumbers = [...distinct, ...distinct];
      const response = await execute(app.url, CheckPortabilitiesDocument, { phoneNumbers }, bearer(PARTNER));
      expect(response.body.data!.portabilities).toEqual(phoneNumbers.map(portableResult));
      expect(stub.received.length / distinct.length).toBeLessThanOrEqual(callsPerNumber);
      const metrics = await scrapeMetrics(app.url);
      expect(metricValue(metrics, "portability_upstream_concurrency_limit")).toBeLessThan(50);
      expect(metricValue(metrics, 'portability_upstream_requests_total{status="429"}')).toBeGreaterThan(0);
    });
  });
});
