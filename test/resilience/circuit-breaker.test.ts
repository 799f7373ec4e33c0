import { afterEach, describe, expect, it } from "vitest";
import { CheckPortabilitiesDocument, CheckPortabilityDocument } from "../generated/operations.js";
import { metricValue, portableResult, scrapeMetrics, sleep, twilioError, unusedPort } from "../helpers/fault-stub.js";
import { execute } from "../helpers/graphql-client.js";
import { portabilityBody, startStubTwilio, type StubReply, type StubTwilio } from "../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const THRESHOLD = 3;
const HALF_OPEN_MS = 600;
/** A fail-fast check is one loopback GraphQL round trip; an upstream attempt here costs far more than this. */
const FAST_MS = 150;
const ENV = {
  // Every check fails in these tests, so the rate is 100 %: the minimum throughput decides when it opens.
  BREAKER_MIN_CHECKS: String(THRESHOLD),
  BREAKER_FAILURE_RATE: "0.5",
  BREAKER_HALF_OPEN_AFTER_MS: String(HALF_OPEN_MS),
  UPSTREAM_MAX_RETRIES: "1",
  UPSTREAM_TIMEOUT_MS: "2000",
  LOG_LEVEL: "warn",
};
const number = (i: number) => `+1206555${String(i).padStart(4, "0")}`;
const DOWN: StubReply = { status: 503, body: twilioError(20503, 503) };
const FAST_FAILURE = { __typename: "PortabilityCheckError", code: "UPSTREAM_UNAVAILABLE", retryable: true, twilioErrorCode: null };

async function check(app: TestApp, phoneNumber: string) {
  const started = performance.now();
  const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber });
  expect(response.body.errors).toBeUndefined();
  return { result: response.body.data!.portability, elapsed: performance.now() - started };
}

const breakerState = async (app: TestApp) => metricValue(await scrapeMetrics(app.url), "portability_upstream_breaker_state");

describe("the circuit breaker around Twilio", () => {
  let stub: StubTwilio | undefined;
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    await stub?.close();
    app = stub = undefined;
  });

  /** A stub that answers 503 to everything, and an app whose breaker it has just opened. */
  async function openBreaker(): Promise<{ stub: StubTwilio; app: TestApp }> {
    stub = await startStubTwilio();
    stub.respond(() => DOWN);
    app = await startTestApp(stub.url, ENV);
    for (let i = 0; i < THRESHOLD; i += 1) {
      expect(await breakerState(app)).toBe(0);
      const { result } = await check(app, number(i));
      expect(result).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", retryable: true, twilioErrorCode: 20503 });
      expect(stub.attemptsFor(number(i))).toBe(2);
    }
    expect(await breakerState(app)).toBe(2);
    expect(app.app.checker.breakerState).toBe("open");
    return { stub, app };
  }

  it("opens once BREAKER_MIN_CHECKS checks of distinct numbers failed, then fails fast without calling Twilio", async () => {
    const { stub, app } = await openBreaker();
    expect(stub.received).toHaveLength(THRESHOLD * 2);

    const { result, elapsed } = await check(app, number(50));
    expect(result).toMatchObject({ ...FAST_FAILURE, phoneNumber: number(50) });
    expect(elapsed).toBeLessThan(FAST_MS);

    const phoneNumbers = Array.from({ length: 10 }, (_, i) => number(60 + i));
    const batch = await execute(app.url, CheckPortabilitiesDocument, { phoneNumbers });
    expect(batch.body.data!.portabilities).toEqual(phoneNumbers.map((phoneNumber) => expect.objectContaining({ ...FAST_FAILURE, phoneNumber })));
    expect(stub.received).toHaveLength(THRESHOLD * 2);

    const metrics = await scrapeMetrics(app.url);
    expect(metricValue(metrics, 'portability_upstream_requests_total{status="503"}')).toBe(THRESHOLD * 2);
    expect(metricValue(metrics, "portability_upstream_retries_total")).toBe(THRESHOLD);
    expect(metricValue(metrics, 'portability_results_total{result="UPSTREAM_UNAVAILABLE"}')).toBe(THRESHOLD + 1 + 10);
    expect(metricValue(metrics, "portability_upstream_breaker_state")).toBe(2);
  });

  it("half-opens after BREAKER_HALF_OPEN_AFTER_MS: one probe succeeds, the breaker closes, checks flow again", async () => {
    const { stub, app } = await openBreaker();
    stub.respond((request) => ({ status: 200, body: portabilityBody(request.phoneNumber) }));
    // Healthy again, but the breaker does not know yet.
    expect((await check(app, number(50))).result).toMatchObject(FAST_FAILURE);
    expect(stub.attemptsFor(number(50))).toBe(0);

    await sleep(HALF_OPEN_MS + 50);
    const probe = await check(app, number(51));
    expect(probe.result).toEqual(portableResult(number(51)));
    expect(stub.attemptsFor(number(51))).toBe(1);
    expect(await breakerState(app)).toBe(0);
    expect(app.app.checker.breakerState).toBe("closed");

    const phoneNumbers = Array.from({ length: 10 }, (_, i) => number(70 + i));
    const batch = await execute(app.url, CheckPortabilitiesDocument, { phoneNumbers });
    expect(batch.body.data!.portabilities).toEqual(phoneNumbers.map(portableResult));
    for (const phoneNumber of phoneNumbers) expect(stub.attemptsFor(phoneNumber)).toBe(1);
    expect(await breakerState(app)).toBe(0);
  });

  it("at half-open, a batch sends one probe first and the rest only once it has succeeded", async () => {
    const { stub, app } = await openBreaker();
    const arrivals: Array<{ phoneNumber: string; at: number }> = [];
    stub.respond(async (request) => {
      arrivals.push({ phoneNumber: request.phoneNumber, at: performance.now() });
      if (arrivals.length === 1) await sleep(150);
      return { status: 200, body: portabilityBody(request.phoneNumber) };
    });
    await sleep(HALF_OPEN_MS + 50);
    const phoneNumbers = Array.from({ length: 8 }, (_, i) => number(80 + i));
    const batch = await execute(app.url, CheckPortabilitiesDocument, { phoneNumbers });
    // The waiting checks were not failed fast: all eight are answered, each asked once.
    expect(batch.body.data!.portabilities).toEqual(phoneNumbers.map(portableResult));
    expect(arrivals).toHaveLength(8);
    expect(arrivals[0]!.phoneNumber).toBe(phoneNumbers[0]);
    for (const later of arrivals.slice(1)) expect(later.at - arrivals[0]!.at).toBeGreaterThanOrEqual(140);
    expect(await breakerState(app)).toBe(0);
  });

  it("a failed probe re-opens the breaker: the next check fails fast again", async () => {
    const { stub, app } = await openBreaker();
    await sleep(HALF_OPEN_MS + 50);
    const probe = await check(app, number(90));
    expect(probe.result).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", retryable: true, twilioErrorCode: 20503 });
    expect(stub.attemptsFor(number(90))).toBe(2);
    expect(await breakerState(app)).toBe(2);

    const sent = stub.received.length;
    const { result, elapsed } = await check(app, number(91));
    expect(result).toMatchObject(FAST_FAILURE);
    expect(elapsed).toBeLessThan(FAST_MS);
    expect(stub.received).toHaveLength(sent);
  });

  it("rate limiting is not an outage: 429s never open the breaker", async () => {
    stub = await startStubTwilio();
    stub.respond(() => ({ status: 429, body: twilioError(20429, 429), headers: { "retry-after": "0" } }));
    app = await startTestApp(stub.url, { ...ENV, UPSTREAM_MAX_RATE_LIMIT_RETRIES: "1" });
    for (let i = 0; i < THRESHOLD + 2; i += 1) {
      expect((await check(app, number(100 + i))).result).toMatchObject({ code: "UPSTREAM_RATE_LIMITED", retryable: true, twilioErrorCode: 20429 });
    }
    expect(await breakerState(app)).toBe(0);
    expect(stub.received).toHaveLength((THRESHOLD + 2) * 2);
  });
});

describe("a dead upstream: nothing listening", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("ends checks UPSTREAM_UNAVAILABLE after their retries, then opens the breaker and stops trying", async () => {
    const port = await unusedPort();
    app = await startTestApp(`http://127.0.0.1:${port}`, ENV);
    for (let i = 0; i < THRESHOLD; i += 1) {
      const { result } = await check(app, number(200 + i));
      expect(result).toMatchObject({ ...FAST_FAILURE, phoneNumber: number(200 + i) });
    }
    let metrics = await scrapeMetrics(app.url);
    // Each check: the first attempt and its one retry, both refused.
    expect(metricValue(metrics, 'portability_upstream_requests_total{status="network"}')).toBe(THRESHOLD * 2);
    expect(metricValue(metrics, "portability_upstream_retries_total")).toBe(THRESHOLD);
    expect(metricValue(metrics, "portability_upstream_breaker_state")).toBe(2);

    const { result, elapsed } = await check(app, number(210));
    expect(result).toMatchObject({ ...FAST_FAILURE, phoneNumber: number(210) });
    expect(elapsed).toBeLessThan(FAST_MS);
    metrics = await scrapeMetrics(app.url);
    expect(metricValue(metrics, 'portability_upstream_requests_total{status="network"}')).toBe(THRESHOLD * 2);
  });
});

describe("one tenant cannot open the breaker for all", () => {
  let stub: StubTwilio | undefined;
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    await stub?.close();
    app = stub = undefined;
  });

  // Regression: five checks of one number that kept timing out opened the process-wide breaker, and
  // everyone's portable numbers then got UPSTREAM_UNAVAILABLE.
  it("counts a number that keeps failing once per window: 30 checks of it leave the breaker closed for everyone else", async () => {
    const STUCK = "+14155550504";
    stub = await startStubTwilio();
    stub.respond((request) => (request.phoneNumber === STUCK ? { hang: true } : { status: 200, body: portabilityBody(request.phoneNumber) }));
    // The default breaker (50 % of at least 20 checks in 10 s), with short deadlines so the test is quick.
    app = await startTestApp(stub.url, { UPSTREAM_TIMEOUT_MS: "60", UPSTREAM_MAX_RETRIES: "0", LOG_LEVEL: "warn" });
    for (let i = 0; i < 30; i += 1) {
      const { result } = await check(app, STUCK);
      expect(result).toMatchObject({ code: "UPSTREAM_TIMEOUT", phoneNumber: STUCK });
    }
    expect(stub.attemptsFor(STUCK)).toBe(30);
    expect(app.app.checker.breakerState).toBe("closed");
    const { result } = await check(app, number(300));
    expect(result).toEqual(portableResult(number(300)));
  });
});
