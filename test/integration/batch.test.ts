import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CheckPortabilitiesDocument } from "../generated/operations.js";
import { execute, postQuery } from "../helpers/graphql-client.js";
import { portabilityBody, startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { expectedId } from "../helpers/result-id.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const number = (i: number) => `+1415555${String(i).padStart(4, "0")}`;

describe("portabilities: batches over HTTP", () => {
  let stub: StubTwilio;
  let app: TestApp;
  beforeAll(async () => {
    stub = await startStubTwilio({ latencyMs: 20 });
    app = await startTestApp(stub.url, { UPSTREAM_CONCURRENCY: "4", MAX_BATCH_SIZE: "50" });
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
  });
  beforeEach(() => {
    stub.reset();
    stub.respond((request) => ({ status: 200, body: portabilityBody(request.phoneNumber) }));
  });

  it("returns one result per input in input order, and repeated numbers cost one upstream call each", async () => {
    const phoneNumbers = [number(3), number(1), number(3), "bad", number(2), number(1), " +14155550003 ", "bad"];
    const response = await execute(app.url, CheckPortabilitiesDocument, { phoneNumbers });
    const results = response.body.data!.portabilities;
    expect(results.map((result) => result.phoneNumber)).toEqual([
      number(3), number(1), number(3), "bad", number(2), number(1), number(3), "bad",
    ]);
    expect(results.map((result) => result.__typename === "Portability" && result.portable)).toEqual([
      true, true, true, false, true, true, true, false,
    ]);
    expect(stub.received.map((request) => request.phoneNumber).sort()).toEqual([number(1), number(2), number(3)]);
  });

  it("returns [] for an empty list without calling Twilio", async () => {
    const response = await execute(app.url, CheckPortabilitiesDocument, { phoneNumbers: [] });
    expect(response.body).toEqual({ data: { portabilities: [] } });
    expect(stub.received).toEqual([]);
  });

  it("rejects more than MAX_BATCH_SIZE numbers as BAD_USER_INPUT without calling Twilio", async () => {
    const phoneNumbers = Array.from({ length: 51 }, (_, i) => number(i));
    const response = await execute(app.url, CheckPortabilitiesDocument, { phoneNumbers });
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
      ["phoneNumbers must hold at most 50 numbers in one request, got 51", "BAD_USER_INPUT"],
    ]);
    expect(stub.received).toEqual([]);
  });

  it("never has more than UPSTREAM_CONCURRENCY requests in flight, even across concurrent GraphQL requests", async () => {
    const batches = Array.from({ length: 5 }, (_, b) => Array.from({ length: 10 }, (_, i) => number(b * 100 + i)));
    const responses = await Promise.all(batches.map((phoneNumbers) => execute(app.url, CheckPortabilitiesDocument, { phoneNumbers })));
    expect(responses.map((response) => response.body.data?.portabilities.length)).toEqual([10, 10, 10, 10, 10]);
    expect(stub.received).toHaveLength(50);
    expect(stub.maxInFlight).toBe(4);
  });

  it("deduplicates the same number across aliases in one request, and not across targets", async () => {
    const target = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa02";
    const response = await postQuery(
      app.url,
      `query($t: String) {
        a: portability(phoneNumber: "+14155550001") { __typename }
        b: portability(phoneNumber: "+14155550001") { __typename }
        c: portabilities(phoneNumbers: ["+14155550001", "+14155550001"]) { __typename }
        d: portability(phoneNumber: "+14155550001", targetAccountSid: $t) { __typename }
      }`,
      { t: target },
    );
    expect(response.body.errors).toBeUndefined();
    expect(stub.received.map((request) => request.query)).toEqual(expect.arrayContaining([{}, { TargetAccountSid: target }]));
    expect(stub.received).toHaveLength(2);
  });

  it("fails only the numbers whose checks failed: the others in the batch are answered", async () => {
    stub.respond((request) =>
      request.phoneNumber === number(2)
        ? { status: 404, body: { code: 20404, message: "The requested resource was not found", more_info: "x", status: 404 } }
        : { status: 200, body: portabilityBody(request.phoneNumber) },
    );
    const response = await execute(app.url, CheckPortabilitiesDocument, { phoneNumbers: [number(1), number(2), number(3)] });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.portabilities.map((result) => result.__typename)).toEqual([
      "Portability",
      "PortabilityCheckError",
      "Portability",
    ]);
    expect(response.body.data!.portabilities[1]).toEqual({
      __typename: "PortabilityCheckError",
      id: expectedId(null, null, number(2)),
      input: number(2),
      phoneNumber: number(2),
      targetAccountSid: null,
      addressSid: null,
      code: "UPSTREAM_ERROR",
      message: "Twilio returned an answer this service could not use.",
      retryable: false,
      twilioErrorCode: 20404,
      nextStep: "CONTACT_SUPPORT",
    });
  });
});
