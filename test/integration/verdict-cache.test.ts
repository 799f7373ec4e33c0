import { afterEach, describe, expect, it } from "vitest";
import { metricValue, scrapeMetrics, twilioError } from "../helpers/fault-stub.js";
import { postQuery } from "../helpers/graphql-client.js";
import { portabilityBody, startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const TARGET = `AC${"a".repeat(32)}`;
const QUERY = `query($n: String!, $t: String, $maxAge: Int) {
  portability(phoneNumber: $n, targetAccountSid: $t, maxAge: $maxAge) {
    __typename
    ... on Portability { phoneNumber portable notPortableReasonCode checkedAt }
    ... on PortabilityCheckError { phoneNumber code }
  }
}`;

type Result = { __typename: string; phoneNumber: string; portable?: boolean; checkedAt?: string; code?: string };

async function ask(app: TestApp, variables: Record<string, unknown>): Promise<Result> {
  const response = await postQuery<{ portability: Result }>(app.url, QUERY, variables);
  expect(response.status).toBe(200);
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.portability;
}

describe("the verdict cache (in memory: no REDIS_URL)", () => {
  let stub: StubTwilio | undefined;
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    await stub?.close();
    app = stub = undefined;
  });

  async function start(env: Record<string, string> = {}, latencyMs = 0) {
    stub = await startStubTwilio({ latencyMs });
    app = await startTestApp(stub.url, { CACHE_TTL_SECONDS: "300", LOG_LEVEL: "warn", ...env });
    return { stub, app };
  }

  it("answers a repeated check from the cache, with the checkedAt of the verdict Twilio gave", async () => {
    const { stub, app } = await start();
    const first = await ask(app, { n: "+14155550100" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await ask(app, { n: "+14155550100" });
    expect(stub.attemptsFor("+14155550100")).toBe(1);
    expect(second).toEqual(first);
    expect(Date.parse(first.checkedAt!)).toBeLessThanOrEqual(Date.now());
    expect(first.checkedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const metrics = await scrapeMetrics(app.url);
    expect(metricValue(metrics, 'portability_cache_lookups_total{outcome="hit"}')).toBe(1);
    expect(metricValue(metrics, 'portability_cache_lookups_total{outcome="miss"}')).toBe(1);
  });

  it("asks Twilio again for maxAge: 0, and for a verdict older than maxAge", async () => {
    const { stub, app } = await start();
    const first = await ask(app, { n: "+14155550101" });
    const fresh = await ask(app, { n: "+14155550101", maxAge: 0 });
    expect(stub.attemptsFor("+14155550101")).toBe(2);
    expect(Date.parse(fresh.checkedAt!)).toBeGreaterThanOrEqual(Date.parse(first.checkedAt!));
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await ask(app, { n: "+14155550101", maxAge: 1 });
    expect(stub.attemptsFor("+14155550101")).toBe(3);
    await ask(app, { n: "+14155550101", maxAge: 60 });
    expect(stub.attemptsFor("+14155550101")).toBe(3);
  });

  it("refuses a negative maxAge as BAD_USER_INPUT, before any upstream call", async () => {
    const { stub, app } = await start();
    const response = await postQuery(app.url, QUERY, { n: "+14155550102", maxAge: -1 });
    expect(response.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(stub.received).toHaveLength(0);
  });

  it("keeps verdicts apart by target: the same number for another target is another question", async () => {
    const { stub, app } = await start();
    await ask(app, { n: "+14155550103" });
    await ask(app, { n: "+14155550103", t: TARGET });
    await ask(app, { n: "+14155550103", t: TARGET });
    expect(stub.received.map((request) => request.query.TargetAccountSid ?? null)).toEqual([null, TARGET]);
  });

  it("never caches a failure or a 22135 verdict", async () => {
    const { stub, app } = await start({ UPSTREAM_MAX_RETRIES: "0" });
    stub.respond((request) =>
      request.phoneNumber === "+14155550104"
        ? { status: 503, body: twilioError(20503, 503) }
        : { status: 200, body: portabilityBody(request.phoneNumber, { portable: false, not_portable_reason: "ERROR_INTERNAL_SERVER_ERROR", not_portable_reason_code: 22135, number_type: "UNKNOWN", country: null }) },
    );
    expect(await ask(app, { n: "+14155550104" })).toMatchObject({ code: "UPSTREAM_UNAVAILABLE" });
    expect(await ask(app, { n: "+14155550104" })).toMatchObject({ code: "UPSTREAM_UNAVAILABLE" });
    expect(await ask(app, { n: "+14155550105" })).toMatchObject({ notPortableReasonCode: 22135 });
    expect(await ask(app, { n: "+14155550105" })).toMatchObject({ notPortableReasonCode: 22135 });
    expect([stub.attemptsFor("+14155550104"), stub.attemptsFor("+14155550105")]).toEqual([2, 2]);
  });

  it("lets concurrent requests for a number being checked share the one upstream call", async () => {
    const { stub, app } = await start({}, 200);
    const answers = await Promise.all([0, 1, 2].map(() => ask(app, { n: "+14155550106" })));
    expect(stub.attemptsFor("+14155550106")).toBe(1);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(metricValue(await scrapeMetrics(app.url), "portability_upstream_calls_joined_total")).toBe(2);
  });

  it("is off with CACHE_TTL_SECONDS=0", async () => {
    const { stub, app } = await start({ CACHE_TTL_SECONDS: "0" });
    await ask(app, { n: "+14155550107" });
    await ask(app, { n: "+14155550107" });
    expect(stub.attemptsFor("+14155550107")).toBe(2);
  });
});
