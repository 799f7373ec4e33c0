import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../../src/domain/check-result.js";
import { CheckErrorCode } from "../../../src/domain/check-error-code.js";
import { NotPortableReason } from "../../../src/domain/not-portable-reason.js";
import { NumberType } from "../../../src/domain/number-type.js";
import { createMetrics, type Metrics } from "../../../src/observability/metrics.js";

const NAMES = [
  "portability_graphql_requests_total",
  "portability_upstream_requests_total",
  "portability_upstream_request_duration_seconds",
  "portability_upstream_retries_total",
  "portability_upstream_calls_saved_total",
  "portability_upstream_in_flight",
  "portability_upstream_breaker_state",
  "portability_results_total",
];

const answer = (portable: boolean, notPortableReason: NotPortableReason | null): CheckResult => ({
  __typename: "Portability", phoneNumber: "+14155550100", accountSid: null, portable, pinAndAccountNumberRequired: null,
  notPortableReason, notPortableReasonCode: null, numberType: NumberType.LOCAL, country: "US", url: null, checkedAt: 0,
});
const failure = (code: CheckErrorCode): CheckResult => ({ __typename: "PortabilityCheckError", phoneNumber: "+14155550100", code, message: "m", retryable: true, twilioErrorCode: null });

async function values(metrics: Metrics, name: string): Promise<Array<{ labels: Record<string, unknown>; value: number; metricName?: string }>> {
  return (await metrics.registry.getSingleMetric(name)!.get()).values as Array<{ labels: Record<string, unknown>; value: number; metricName?: string }>;
}
async function value(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  return (await values(metrics, name)).find((entry) => JSON.stringify(entry.labels) === JSON.stringify(labels))?.value;
}

describe("createMetrics", () => {
  it("registers every metric name, plus Node's default metrics, in the Prometheus text", async () => {
    const metrics = createMetrics();
    const text = await metrics.registry.metrics();
    for (const name of NAMES) expect(text).toContain(`# TYPE ${name} `);
    expect(text).toContain("process_cpu_user_seconds_total");
    expect(metrics.registry.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it("starts with the breaker closed (0) and nothing in flight", async () => {
    const metrics = createMetrics();
    expect(await value(metrics, "portability_upstream_breaker_state")).toBe(0);
    expect(await value(metrics, "portability_upstream_in_flight")).toBe(0);
  });

  it("counts upstream attempts by status and observes their duration", async () => {
    const metrics = createMetrics();
    metrics.upstream.attempt(200, 0.02);
    metrics.upstream.attempt(200, 0.3);
    metrics.upstream.attempt(503, 0.05);
    metrics.upstream.attempt("timeout", 10);
    metrics.upstream.attempt("network", 0.001);
    expect(await value(metrics, "portability_upstream_requests_total", { status: "200" })).toBe(2);
    expect(await value(metrics, "portability_upstream_requests_total", { status: "503" })).toBe(1);
    expect(await value(metrics, "portability_upstream_requests_total", { status: "timeout" })).toBe(1);
    expect(await value(metrics, "portability_upstream_requests_total", { status: "network" })).toBe(1);
    const histogram = await values(metrics, "portability_upstream_request_duration_seconds");
    expect(histogram.find((entry) => entry.metricName === "portability_upstream_request_duration_seconds_count")!.value).toBe(5);
    expect(histogram.find((entry) => entry.metricName === "portability_upstream_request_duration_seconds_sum")!.value).toBeCloseTo(10.371, 6);
    expect(histogram.find((entry) => entry.labels.le === 0.025)!.value).toBe(2);
  });

  it("counts retries, de-duplicated loads and GraphQL requests", async () => {
    const metrics = createMetrics();
    metrics.upstream.retry();
    metrics.upstream.retry();
    metrics.dedupeSaved.inc();
    metrics.graphqlRequests.inc({ operation: "portabilities", outcome: "ok" });
    metrics.graphqlRequests.inc({ operation: "portabilities", outcome: "ok" });
    metrics.graphqlRequests.inc({ operation: "none", outcome: "UNAUTHENTICATED" });
    expect(await value(metrics, "portability_upstream_retries_total")).toBe(2);
    expect(await value(metrics, "portability_upstream_calls_saved_total")).toBe(1);
    expect(await value(metrics, "portability_graphql_requests_total", { operation: "portabilities", outcome: "ok" })).toBe(2);
    const text = await metrics.registry.metrics();
    expect(text).toContain('portability_graphql_requests_total{operation="none",outcome="UNAUTHENTICATED"} 1');
  });

  it("labels results by portable, reason or failure code", async () => {
    const metrics = createMetrics();
    metrics.upstream.result(answer(true, null));
    metrics.upstream.result(answer(false, NotPortableReason.UNSUPPORTED));
    metrics.upstream.result(answer(false, null));
    metrics.upstream.result(failure(CheckErrorCode.UPSTREAM_TIMEOUT));
    metrics.upstream.result(failure(CheckErrorCode.UPSTREAM_TIMEOUT));
    expect((await values(metrics, "portability_results_total")).map(({ labels, value: count }) => [labels.result, count])).toEqual([
      ["PORTABLE", 1],
      ["UNSUPPORTED", 1],
      ["NOT_PORTABLE", 1],
      ["UPSTREAM_TIMEOUT", 2],
    ]);
  });

  it.each([["open", 2], ["half-open", 1], ["closed", 0]] as const)("shows the breaker %s as %i", async (state, gauge) => {
    const metrics = createMetrics();
    metrics.upstream.breakerState("open");
    metrics.upstream.breakerState(state);
    expect(await value(metrics, "portability_upstream_breaker_state")).toBe(gauge);
  });

  it("reads the scheduler's in-flight, waiting, limit and pause when scraped", async () => {
    const metrics = createMetrics();
    const scheduler = { inFlight: 7, waiting: 120, limit: 12, pauseRemainingMs: 1500 };
    metrics.trackScheduler(scheduler);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^portability_upstream_in_flight 7$/m);
    expect(text).toMatch(/^portability_upstream_waiting 120$/m);
    expect(text).toMatch(/^portability_upstream_concurrency_limit 12$/m);
    expect(text).toMatch(/^portability_upstream_pause_seconds 1.5$/m);
    scheduler.inFlight = 3;
    expect(await metrics.registry.metrics()).toMatch(/^portability_upstream_in_flight 3$/m);
  });

  it("gives each app its own registry", async () => {
    const one = createMetrics();
    const two = createMetrics();
    one.upstream.retry();
    expect(await value(one, "portability_upstream_retries_total")).toBe(1);
    expect(await value(two, "portability_upstream_retries_total")).toBe(0);
  });
});
