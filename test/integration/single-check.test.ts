import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CheckPortabilityDocument } from "../generated/operations.js";
import { execute, postQuery } from "../helpers/graphql-client.js";
import { portabilityBody, startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { expectedId } from "../helpers/result-id.js";
import { STUB_ACCOUNT_SID, STUB_AUTH_TOKEN, startTestApp, type TestApp } from "../helpers/test-app.js";

const TARGET = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa02";
const ADDRESS = "ADaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa02";

describe("portability over HTTP against a stub Twilio", () => {
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

  it("sends one GET with the encoded number, both SIDs and Basic auth, and maps the body field by field", async () => {
    stub.respond((request) => ({
      status: 200,
      body: portabilityBody(request.phoneNumber, {
        portable: false,
        not_portable_reason: "MANUAL_PORTING_AVAILABLE",
        not_portable_reason_code: 22133,
        number_type: "TOLL-FREE",
        account_sid: STUB_ACCOUNT_SID,
      }),
    }));
    const response = await execute(app.url, CheckPortabilityDocument, {
      phoneNumber: "+18001234567",
      targetAccountSid: TARGET,
      addressSid: ADDRESS,
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: {
        portability: {
          __typename: "Portability",
          id: expectedId(TARGET, ADDRESS, "+18001234567"),
          input: "+18001234567",
          phoneNumber: "+18001234567",
          targetAccountSid: TARGET,
          addressSid: ADDRESS,
          accountSid: STUB_ACCOUNT_SID,
          portable: false,
          pinAndAccountNumberRequired: false,
          notPortableReason: "MANUAL_PORTING_AVAILABLE",
          notPortableReasonCode: 22133,
          numberType: "TOLL_FREE",
          country: "US",
          url: "https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/+18001234567",
          nextStep: "MANUAL_PORT_REQUEST",
          guidance: "This number cannot be ported through the API, but it can be ported manually: open a port request in the Twilio Console.",
          helpUrl: "https://www.twilio.com/docs/api/errors/22133",
        },
      },
    });
    const basic = `Basic ${Buffer.from(`${STUB_ACCOUNT_SID}:${STUB_AUTH_TOKEN}`).toString("base64")}`;
    expect(stub.received).toEqual([
      {
        method: "GET",
        path: "/v1/Porting/Portability/PhoneNumber/%2B18001234567",
        phoneNumber: "+18001234567",
        query: { TargetAccountSid: TARGET, AddressSid: ADDRESS },
        authorization: basic,
      },
    ]);
  });

  it("sends no query string when neither SID is given, and trims whitespace around the number", async () => {
    const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber: "  +14155550100\t" });
    expect(response.body.data?.portability).toMatchObject({
      __typename: "Portability",
      id: expectedId(null, null, "+14155550100"),
      input: "  +14155550100\t",
      phoneNumber: "+14155550100",
      portable: true,
    });
    expect(stub.received.map((request) => [request.path, request.query])).toEqual([
      ["/v1/Porting/Portability/PhoneNumber/%2B14155550100", {}],
    ]);
  });

  it.each(["4155550100", "+0415555", "+1 415 555 0100", "+1415555010012345", "+١٤١٥٥٥٥٠١٠٠", "+1415/../x", ""])(
    "answers INVALID_PHONE_NUMBER for %j without calling Twilio",
    async (phoneNumber) => {
      const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber });
      expect(response.body).toEqual({
        data: {
          portability: {
            __typename: "Portability",
            id: expectedId(null, null, phoneNumber),
            input: phoneNumber,
            phoneNumber,
            targetAccountSid: null,
            addressSid: null,
            accountSid: null,
            portable: false,
            pinAndAccountNumberRequired: null,
            notPortableReason: "INVALID_PHONE_NUMBER",
            notPortableReasonCode: 22102,
            numberType: "UNKNOWN",
            country: null,
            url: null,
            nextStep: "FIX_PHONE_NUMBER",
            guidance: expect.stringContaining("not a valid phone number"),
            helpUrl: "https://www.twilio.com/docs/api/errors/22102",
          },
        },
      });
      expect(stub.received).toEqual([]);
    },
  );

  it.each([
    ["targetAccountSid", { targetAccountSid: "AC123" }, "targetAccountSid must be an account SID: AC followed by 32 hex digits"],
    ["addressSid", { addressSid: `AC${"a".repeat(32)}` }, "addressSid must be an address SID: AD followed by 32 hex digits"],
  ])("rejects a malformed %s as BAD_USER_INPUT without echoing it or calling Twilio", async (_name, sids, rule) => {
    const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber: "+14155550100", ...sids });
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors).toHaveLength(1);
    const [error] = response.body.errors!;
    expect(error!.message).toContain(rule);
    expect(error!.extensions?.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(response.body)).not.toContain(Object.values(sids)[0]);
    expect(JSON.stringify(response.body)).not.toContain("+14155550100");
    expect(stub.received).toEqual([]);
  });

  it("answers GET /healthz with 200", async () => {
    const response = await fetch(app.url.replace("/graphql", "/healthz"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("reports a query against an unknown field as GRAPHQL_VALIDATION_FAILED (400)", async () => {
    const response = await postQuery(app.url, "{ nope }");
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: "GRAPHQL_VALIDATION_FAILED" });
  });
});
