import { afterEach, describe, expect, it } from "vitest";
import { CheckPortabilitiesDocument } from "../generated/operations.js";
import {
  expectedCheck,
  faultInjector,
  metricValue,
  mulberry32,
  scrapeMetrics,
  shuffled,
  type ExpectedCheck,
  type FaultOptions,
} from "../helpers/fault-stub.js";
import { execute } from "../helpers/graphql-client.js";
import { startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const BATCH = 500;

/** 500 inputs: `unique` distinct numbers, the rest repeats of them (some padded with spaces), shuffled. */
function batchFor(seed: number, unique: number): { inputs: string[]; distinct: string[] } {
  const distinct = Array.from({ length: unique }, (_, i) => `+1415${seed}${String(i).padStart(6, "0")}`);
  const random = mulberry32(seed * 7919);
  const repeats = Array.from({ length: BATCH - unique }, (_, i) => {
    const repeated = distinct[Math.floor(random() * unique)]!;
    return i % 5 === 0 ? `  ${repeated} ` : repeated;
  });
  return { inputs: shuffled([...distinct, ...repeats], random), distinct };
}

describe("batches of 500 under seeded transient faults", () => {
  let stub: StubTwilio | undefined;
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    await stub?.close();
    app = stub = undefined;
  });

  async function runBatch(faults: FaultOptions, env: Record<string, string>, unique: number) {
    stub = await startStubTwilio();
    const injector = faultInjector(faults);
    stub.respond(injector.responder);
    app = await startTestApp(stub.url, { MAX_BATCH_SIZE: "500", UPSTREAM_CONCURRENCY: "25", UPSTREAM_TIMEOUT_MS: "20000", LOG_LEVEL: "warn", ...env });
    const maxRetries = Number(env.UPSTREAM_MAX_RETRIES);
    const maxRateLimitRetries = Number(env.UPSTREAM_MAX_RATE_LIMIT_RETRIES ?? 5);
    const { inputs, distinct } = batchFor(faults.seed, unique);
    const attempts = maxRetries + maxRateLimitRetries + 1;
    const expected = new Map<string, ExpectedCheck>(distinct.map((n) => [n, expectedCheck(injector.plan(n, attempts), maxRetries, n, maxRateLimitRetries)]));
    const response = await execute(app.url, CheckPortabilitiesDocument, { phoneNumbers: inputs });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    return { injector, inputs, distinct, expected, results: response.body.data!.portabilities, stub, app, maxRetries, maxRateLimitRetries };
  }

  it.each([11, 44, 33])(
    "seed %i, 30 percent faults, 2 retries: one result per input in order, exact attempts, dedupe intact",
    async (seed) => {
      const { injector, inputs, distinct, expected, results, stub, app, maxRetries, maxRateLimitRetries } = await runBatch(
        { seed, faultRate: 0.3, max429Run: 3 },
        // No 429 retry, so that 429s end checks in every seed and that way of ending is covered too.
        { UPSTREAM_MAX_RETRIES: "2", UPSTREAM_MAX_RATE_LIMIT_RETRIES: "0", UPSTREAM_RETRY_BASE_MS: "2" },
        450,
      );

      // Every input answered once, in input order, none lost, duplicated or swapped.
      expect(results).toHaveLength(BATCH);
      expect(results.map((result) => result.phoneNumber)).toEqual(inputs.map((input) => input.trim()));

      // Each number ends exactly as its fault plan says, and the stub saw exactly the attempts it implies.
      for (const [position, result] of results.entries()) {
        const want = expected.get(inputs[position]!.trim())!;
        // Each result echoes its own spelling of the number (the batch repeats some with whitespace).
        expect(result, `position ${position} (${result.phoneNumber})`).toMatchObject({ ...want.result, input: inputs[position] });
      }
      for (const number of distinct) {
        const want = expected.get(number)!;
        expect(stub.attemptsFor(number), number).toBe(want.attempts);
        expect(want.attempts).toBeLessThanOrEqual(maxRetries + maxRateLimitRetries + 1);
      }

      // Anything that did not end as a good answer is retryable and used up one of its retry budgets.
      const failedOrTransient = results.filter(
        (result) => result.__typename === "PortabilityCheckError" || result.notPortableReasonCode === 22135,
      );
      for (const result of failedOrTransient) {
        if (result.__typename === "PortabilityCheckError") expect(result.retryable, result.phoneNumber).toBe(true);
        expect(expected.get(result.phoneNumber)!.exhausted, result.phoneNumber).toBe(true);
        expect(stub.attemptsFor(result.phoneNumber), result.phoneNumber).toBe(expected.get(result.phoneNumber)!.attempts);
      }
      // The seeds are chosen so every way of ending shows up: the run is not vacuous.
      const ends = new Set(results.map((r) => (r.__typename === "PortabilityCheckError" ? `${r.code}/${r.twilioErrorCode}` : `${r.notPortableReasonCode}`)));
      expect([...ends].sort()).toEqual(["22135", "UPSTREAM_RATE_LIMITED/20429", "UPSTREAM_UNAVAILABLE/20503", "UPSTREAM_UNAVAILABLE/null", "null"].sort());
      expect(failedOrTransient.length).toBeGreaterThan(0);

      // Repeats got the very same answer as the first occurrence, at no extra upstream cost; only
      // `input` differs, when a repeat spelled the number with whitespace.
      const firstSeen = new Map<string, unknown>();
      for (const [position, result] of results.entries()) {
        if (firstSeen.has(result.phoneNumber)) expect(result).toEqual({ ...(firstSeen.get(result.phoneNumber) as object), input: inputs[position] });
        else firstSeen.set(result.phoneNumber, result);
      }
      expect(new Set(stub.received.map((request) => request.phoneNumber))).toEqual(new Set(distinct));
      const totalAttempts = [...expected.values()].reduce((sum, want) => sum + want.attempts, 0);
      expect(stub.received).toHaveLength(totalAttempts);
      expect(stub.maxInFlight).toBeLessThanOrEqual(25);

      // The metrics tell the same story, to the unit.
      const metrics = await scrapeMetrics(app.url);
      expect(metricValue(metrics, "portability_upstream_retries_total")).toBe(totalAttempts - distinct.length);
      expect(metricValue(metrics, "portability_upstream_calls_saved_total")).toBe(BATCH - distinct.length);
      expect(metricValue(metrics, 'portability_upstream_requests_total{status="503"}')).toBe(injector.servedCount("503"));
      expect(metricValue(metrics, 'portability_upstream_requests_total{status="429"}')).toBe(injector.servedCount("429"));
      expect(metricValue(metrics, 'portability_upstream_requests_total{status="network"}')).toBe(injector.servedCount("reset"));
      expect(metricValue(metrics, 'portability_upstream_requests_total{status="200"}')).toBe(injector.servedCount("ok") + injector.servedCount("22135"));
      // Isolated failures never add up to an outage.
      expect(metricValue(metrics, "portability_upstream_breaker_state")).toBe(0);
      expect(app.app.checker.breakerState).toBe("closed");
    },
  );

  it("30 percent faults, 5 retries: at least 99.5 % of 500 end portable, and the breaker never opens", async () => {
    const { results, inputs, distinct, expected, stub, app, maxRetries } = await runBatch(
      { seed: 2025, faultRate: 0.3 },
      { UPSTREAM_MAX_RETRIES: "5", UPSTREAM_MAX_RATE_LIMIT_RETRIES: "5", UPSTREAM_RETRY_BASE_MS: "1" },
      BATCH,
    );
    expect(results.map((result) => result.phoneNumber)).toEqual(inputs);
    const portable = results.filter((result) => result.__typename === "Portability" && result.portable);
    // Expected 1 − 0.3⁶ ≈ 99.93 %.
    expect(portable.length / BATCH).toBeGreaterThanOrEqual(0.995);
    for (const [position, result] of results.entries()) {
      expect(result, result.phoneNumber).toMatchObject(expected.get(inputs[position]!)!.result);
      expect(stub.attemptsFor(result.phoneNumber), result.phoneNumber).toBe(expected.get(result.phoneNumber)!.attempts);
    }
    // No check failed fast: whatever did not end portable was tried all six times. Seed 2025 is one
    // where a couple of numbers fault six times running, so this is not vacuous.
    const notPortable = results.filter((r) => !(r.__typename === "Portability" && r.portable));
    expect(notPortable.map((r) => r.phoneNumber).sort()).toEqual(distinct.filter((n) => expected.get(n)!.exhausted).sort());
    expect(notPortable.length).toBeGreaterThan(0);
    for (const result of notPortable) expect(stub.attemptsFor(result.phoneNumber), result.phoneNumber).toBe(expected.get(result.phoneNumber)!.attempts);
    // Some numbers needed deep retries: the fifth retry was reached at least once.
    expect(distinct.some((n) => stub.attemptsFor(n) >= maxRetries + 1)).toBe(true);
    const metrics = await scrapeMetrics(app.url);
    expect(metricValue(metrics, "portability_upstream_breaker_state")).toBe(0);
    expect(app.app.checker.breakerState).toBe("closed");
    expect(metricValue(metrics, 'portability_results_total{result="PORTABLE"}')).toBe(portable.length);
  });
});
