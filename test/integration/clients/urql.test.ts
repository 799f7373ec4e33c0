import { Client, fetchExchange } from "@urql/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CheckPortabilityDocument } from "../../generated/operations.js";
import { startStubTwilio, type StubTwilio } from "../../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../../helpers/test-app.js";
import { answerPerTarget, NUMBER, TARGET_A, TARGET_B } from "./two-targets.js";

describe("urql (@urql/core) against the server", () => {
  let stub: StubTwilio;
  let app: TestApp;
  beforeAll(async () => {
    stub = await startStubTwilio();
    app = await startTestApp(stub.url);
    answerPerTarget(stub);
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
  });

  it("by default sends queries as GET, which CSRF prevention refuses (HTTP 400) without a preflight header", async () => {
    const client = new Client({ url: app.url, exchanges: [fetchExchange] });
    const result = await client.query(CheckPortabilityDocument, { phoneNumber: NUMBER }).toPromise();
    expect(result.data).toBeUndefined();
    expect(result.error?.response?.status).toBe(400);
    expect(stub.received).toEqual([]);
  });

  it("with preferGetMethod: false POSTs JSON and gets each target's own result", async () => {
    const client = new Client({ url: app.url, exchanges: [fetchExchange], preferGetMethod: false });
    const a = await client.query(CheckPortabilityDocument, { phoneNumber: NUMBER, targetAccountSid: TARGET_A }).toPromise();
    const b = await client.query(CheckPortabilityDocument, { phoneNumber: NUMBER, targetAccountSid: TARGET_B }).toPromise();
    expect(a.error).toBeUndefined();
    expect(a.data?.portability).toMatchObject({ __typename: "Portability", targetAccountSid: TARGET_A, portable: false });
    expect(b.data?.portability).toMatchObject({ __typename: "Portability", targetAccountSid: TARGET_B, portable: true });
    expect(a.data?.portability.id).not.toBe(b.data?.portability.id);
  });

  it("keeps GET when it sends Apollo's preflight header (fetchOptions), which CSRF prevention accepts", async () => {
    const client = new Client({ url: app.url, exchanges: [fetchExchange], fetchOptions: { headers: { "apollo-require-preflight": "true" } } });
    const result = await client.query(CheckPortabilityDocument, { phoneNumber: NUMBER, targetAccountSid: TARGET_B }).toPromise();
    expect(result.error).toBeUndefined();
    expect(result.data?.portability).toMatchObject({ __typename: "Portability", portable: true });
  });
});
