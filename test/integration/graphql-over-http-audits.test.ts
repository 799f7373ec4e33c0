import { auditServer } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

describe("GraphQL over HTTP conformance (graphql-http serverAudits against the live server)", () => {
  let stub: StubTwilio;
  let app: TestApp;
  beforeAll(async () => {
    stub = await startStubTwilio();
    app = await startTestApp(stub.url);
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
  });

  it("passes every MUST audit, and reports the SHOULD/MAY ones it does not meet", async () => {
    const results = await auditServer({ url: app.url });
    const failures = results.filter((result) => result.status === "error").map((result) => `${result.id} ${result.name}: ${"reason" in result ? result.reason : ""}`);
    expect(failures).toEqual([]);
    // Warnings are spec SHOULDs; printed so a change in them shows up in the log.
    const warnings = results.filter((result) => result.status === "warn").map((result) => `${result.id} ${result.name}`);
    console.info(`graphql-http audits: ${results.length} run, ${results.filter((r) => r.status === "ok").length} ok, ${warnings.length} warnings`);
    for (const warning of warnings) console.info(`  warn: ${warning}`);
    expect(results.length).toBeGreaterThan(40);
  });
});
