import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CheckPortabilitiesDocument, CheckPortabilityDocument } from "../generated/operations.js";
import { metricValue, portableResult, scrapeMetrics, sleep, twilioError } from "../helpers/fault-stub.js";
import { execute } from "../helpers/graphql-client.js";
import { portabilityBody, startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const TIMEOUT_MS = 300;
const number = (i: number) => `+1628555${String(i).padStart(4, "0")}`;
const TIMEOUT_RESULT = { __typename: "PortabilityCheckError", code: "UPSTREAM_TIMEOUT", retryable: true, twilioErrorCode: null };

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; elapsed: number }> {
  const started = performance.now();
  const value = await run();
  return { value, elapsed: performance.now() - started };
}

describe("an upstream that never answers", () => {
  let stub: StubTwilio;
  let app: TestApp;
  beforeAll(async () => {
    stub = await startStubTwilio();
    // A breaker threshold out of reach: this block is about the deadline alone.
    app = await startTestApp(stub.url, {
      UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
      UPSTREAM_CONCURRENCY: "25",
      UPSTREAM_MAX_RETRIES: "2",
      BREAKER_MIN_CHECKS: "1000000",
      LOG_LEVEL: "warn",
    });
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
  });
  beforeEach(() => {
    stub.reset();
    stub.respond(() => ({ hang: true }));
  });

  it("ends a single check as UPSTREAM_TIMEOUT at the deadline, without a retry", async () => {
    const { value: response, elapsed } = await timed(() => execute(app.url, CheckPortabilityDocument, { phoneNumber: number(1) }));
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.portability).toMatchObject({ ...TIMEOUT_RESULT, phoneNumber: number(1) });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(elapsed).toBeLessThan(800);
    // A timeout spends the whole deadline: there is nothing left to retry in.
    expect(stub.attemptsFor(number(1))).toBe(1);
  });

  it("times out a batch of 20 together: concurrent checks, one deadline each, all in order", async () => {
    const phoneNumbers = Array.from({ length: 20 }, (_, i) => number(100 + i));
    const before = metricValue(await scrapeMetrics(app.url), 'portability_upstream_requests_total{status="timeout"}');
    const { value: response, elapsed } = await timed(() => execute(app.url, CheckPortabilitiesDocument, { phoneNumbers }));
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.portabilities).toEqual(phoneNumbers.map((phoneNumber) => expect.objectContaining({ ...TIMEOUT_RESULT, phoneNumber })));
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS);
    // Twenty 300 ms deadlines served one after another would take 6 s.
    expect(elapsed).toBeLessThan(1_000);
    expect(stub.received.map((request) => request.phoneNumber).sort()).toEqual([...phoneNumbers].sort());
    const after = metricValue(await scrapeMetrics(app.url), 'portability_upstream_requests_total{status="timeout"}');
    expect(after - before).toBe(20);
  });

  it("counts the deadline from the first attempt: a 503 and then a hang still end at the deadline", async () => {
    stub.respond((_request, attempt) => (attempt === 1 ? { status: 503, body: twilioError(20503, 503) } : { hang: true }));
    const { value: response, elapsed } = await timed(() => execute(app.url, CheckPortabilityDocument, { phoneNumber: number(2) }));
    expect(response.body.data!.portability).toMatchObject({ ...TIMEOUT_RESULT, phoneNumber: number(2) });
    expect(stub.attemptsFor(number(2))).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(elapsed).toBeLessThan(800);
  });

  it("still answers a slow upstream that makes it inside the deadline", async () => {
    stub.respond(async (request) => {
      await sleep(150);
      return { status: 200, body: portabilityBody(request.phoneNumber) };
    });
    const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber: number(3) });
    expect(response.body.data!.portability).toEqual(portableResult(number(3)));
    expect(stub.attemptsFor(number(3))).toBe(1);
  });
});

describe("timeouts are outages to the breaker", () => {
  let stub: StubTwilio | undefined;
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    await stub?.close();
  });

  it("opens once BREAKER_MIN_CHECKS distinct numbers timed out, then fails fast without waiting for the deadline", async () => {
    stub = await startStubTwilio();
    stub.respond(() => ({ hang: true }));
    app = await startTestApp(stub.url, { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), BREAKER_MIN_CHECKS: "3", BREAKER_HALF_OPEN_AFTER_MS: "60000", LOG_LEVEL: "warn" });
    for (let i = 0; i < 3; i += 1) {
      const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber: number(10 + i) });
      expect(response.body.data!.portability).toMatchObject(TIMEOUT_RESULT);
    }
    expect(metricValue(await scrapeMetrics(app.url), "portability_upstream_breaker_state")).toBe(2);
    const sent = stub.received.length;
    const { value: response, elapsed } = await timed(() => execute(app!.url, CheckPortabilityDocument, { phoneNumber: number(20) }));
    expect(response.body.data!.portability).toMatchObject({
      __typename: "PortabilityCheckError",
      phoneNumber: number(20),
      code: "UPSTREAM_UNAVAILABLE",
      retryable: true,
      twilioErrorCode: null,
    });
    expect(elapsed).toBeLessThan(TIMEOUT_MS / 2);
    expect(stub.received).toHaveLength(sent);
  });
});
