import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.js";
import { readConfig } from "../../src/config/config.js";
import { resolveUpstream, type ResolvedUpstream } from "../../src/upstream.js";
import { CheckPortabilitiesDocument } from "../generated/operations.js";
import { metricValue, scrapeMetrics } from "../helpers/fault-stub.js";
import { execute } from "../helpers/graphql-client.js";

describe("the embedded sandbox's in-flight limit (SANDBOX_MAX_IN_FLIGHT, default 20) against a higher cap", () => {
  let upstream: ResolvedUpstream;
  let app: App;
  let endpoint: string;
  beforeAll(async () => {
    // `npm start` with no credentials, a cap five times the sandbox's limit, and some latency so the
    // cap is really reached.
    const config = readConfig({ PORT: "0", UPSTREAM_CONCURRENCY: "100", SANDBOX_LATENCY_MS: "20", UPSTREAM_RETRY_BASE_MS: "10" });
    const logger = pino({ level: "silent" });
    upstream = await resolveUpstream(config, logger);
    app = await createApp(config, upstream.target, logger);
    endpoint = `http://127.0.0.1:${(await app.listen()).port}/graphql`;
  });
  afterAll(async () => {
    await app?.close();
    await upstream?.close();
  });

  it("still answers every number of a 1,000-number batch with a verdict, after adapting below the limit", async () => {
    const phoneNumbers = Array.from({ length: 1000 }, (_, i) => `+1415555${String(2000 + i).padStart(4, "0")}`);
    const response = await execute(endpoint, CheckPortabilitiesDocument, { phoneNumbers });
    expect(response.body.errors).toBeUndefined();
    const results = response.body.data!.portabilities;
    expect(results.map((result) => [result.__typename, result.phoneNumber])).toEqual(phoneNumbers.map((n) => ["Portability", n]));
    const metrics = await scrapeMetrics(endpoint);
    // The sandbox did say "too many" (the cap of 100 was above its 20), and the layer listened.
    expect(metricValue(metrics, 'portability_upstream_requests_total{status="429"}')).toBeGreaterThan(0);
    expect(metricValue(metrics, "portability_upstream_concurrency_limit")).toBeLessThanOrEqual(40);
    expect(metricValue(metrics, 'portability_upstream_requests_total{status="200"}')).toBe(1000);
  });
});
