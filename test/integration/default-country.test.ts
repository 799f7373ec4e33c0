import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CheckPortabilitiesDocument, CheckPortabilityDocument } from "../generated/operations.js";
import { execute } from "../helpers/graphql-client.js";
import { expectedId } from "../helpers/result-id.js";
import { portabilityBody, startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

describe("defaultCountry: numbers in national formats", () => {
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
  beforeEach(() => {
    stub.reset();
    stub.respond((request) => ({ status: 200, body: portabilityBody(request.phoneNumber) }));
  });

  it('checks "(415) 555-0100" with US as +14155550100, echoing the input as given', async () => {
    const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber: "(415) 555-0100", defaultCountry: "US" });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.portability).toMatchObject({
      __typename: "Portability",
      id: expectedId(null, null, "+14155550100"),
      input: "(415) 555-0100",
      phoneNumber: "+14155550100",
      portable: true,
    });
    expect(stub.received.map((request) => request.path)).toEqual(["/v1/Porting/Portability/PhoneNumber/%2B14155550100"]);
  });

  it("answers a national format without defaultCountry INVALID_PHONE_NUMBER, as today, without calling Twilio", async () => {
    const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber: "(415) 555-0100" });
    expect(response.body.data?.portability).toMatchObject({
      phoneNumber: "(415) 555-0100",
      input: "(415) 555-0100",
      notPortableReason: "INVALID_PHONE_NUMBER",
      nextStep: "FIX_PHONE_NUMBER",
    });
    expect(stub.received).toEqual([]);
  });

  it("counts a national spelling and the E.164 number in one request as one check, each result with its own input", async () => {
    const response = await execute(app.url, CheckPortabilitiesDocument, {
      phoneNumbers: ["(415) 555-0100", "+14155550100", "020 7183 8750"],
      defaultCountry: "US",
    });
    const results = response.body.data!.portabilities;
    expect(results.map((result) => [result.input, result.phoneNumber, result.__typename])).toEqual([
      ["(415) 555-0100", "+14155550100", "Portability"],
      ["+14155550100", "+14155550100", "Portability"],
      // A GB national number read as US is not a possible US number: invalid, not asked.
      ["020 7183 8750", "020 7183 8750", "Portability"],
    ]);
    expect(results[0]!.id).toBe(results[1]!.id);
    expect(stub.received.map((request) => request.phoneNumber)).toEqual(["+14155550100"]);
  });

  it.each(["us", "USA", "XX", "AQ", ""])("refuses defaultCountry %j as BAD_USER_INPUT without echoing it or calling Twilio", async (defaultCountry) => {
    const response = await execute(app.url, CheckPortabilitiesDocument, { phoneNumbers: ["(415) 555-0100"], defaultCountry });
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    const text = JSON.stringify(response.body.errors);
    expect(text).toContain("defaultCountry must be an ISO 3166-1 alpha-2 country code");
    if (defaultCountry.length > 1) expect(text).not.toContain(`"${defaultCountry}"`);
    expect(stub.received).toEqual([]);
  });
});
