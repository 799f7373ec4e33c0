import { GraphQLClient } from "graphql-request";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CheckPortabilitiesDocument } from "../../generated/operations.js";
import { expectedId } from "../../helpers/result-id.js";
import { startStubTwilio, type StubTwilio } from "../../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../../helpers/test-app.js";
import { answerPerTarget, NUMBER, TARGET_A } from "./two-targets.js";

describe("graphql-request against the server", () => {
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

  it("POSTs a typed operation and gets one result per input, each with its own input and id", async () => {
    const client = new GraphQLClient(app.url);
    const data = await client.request(CheckPortabilitiesDocument, { phoneNumbers: [NUMBER, ` ${NUMBER}`, "not-a-number"], targetAccountSid: TARGET_A });
    expect(data.portabilities.map((result) => [result.__typename, result.input, result.phoneNumber, result.id])).toEqual([
      ["Portability", NUMBER, NUMBER, expectedId(TARGET_A, null, NUMBER)],
      ["Portability", ` ${NUMBER}`, NUMBER, expectedId(TARGET_A, null, NUMBER)],
      ["Portability", "not-a-number", "not-a-number", expectedId(TARGET_A, null, "not-a-number")],
    ]);
    // The two spellings of one number are one upstream call; each result still echoes its own input.
    expect(stub.received).toHaveLength(1);
  });
});
