import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postQuery } from "../helpers/graphql-client.js";
import { startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("x-request-id that looks like a phone number (live app)", () => {
  let stub: StubTwilio;
  let app: TestApp;
  beforeAll(async () => {
    stub = await startStubTwilio();
    app = await startTestApp(stub.url, { LOG_LEVEL: "trace" });
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
  });

  // Regression (issue 7): "1-415-555-0100" passed the old six-digits-in-a-row rule and was logged as is.
  it.each(["1-415-555-0100", "415.555.0100", "415-555-0100", "req-1.415.555.0100", "+1 (415) 555-0100", "(415) 555 0100", "+14155550100", "555-0100x"])(
    "replaces %j with a fresh UUID and never logs it",
    async (given) => {
      const response = await postQuery(app.url, "{ __typename }", {}, { "x-request-id": given });
      const replaced = response.headers.get("x-request-id")!;
      expect(replaced).toMatch(UUID);
      expect(app.logs.filter((line) => line.requestId === replaced && line.msg === "graphql request")).toHaveLength(1);
      expect(app.rawLogs.some((line) => line.includes(given))).toBe(false);
    },
  );

  it.each(["3f2c9a4e-8b1d-4c7a-9e2f-a1b2c3d4e5f6", "req-42", "build.2026-12", "abc-123-def-4567", "trace_12345"])(
    "keeps %j, which has no phone-number-like run",
    async (given) => {
      const response = await postQuery(app.url, "{ __typename }", {}, { "x-request-id": given });
      expect(response.headers.get("x-request-id")).toBe(given);
      expect(app.logs.filter((line) => line.requestId === given && line.msg === "graphql request")).toHaveLength(1);
    },
  );
});
