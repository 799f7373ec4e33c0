import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SANDBOX_ACCOUNT_SID,
  SANDBOX_API_KEY_SECRET,
  SANDBOX_API_KEY_SID,
  SANDBOX_DEFAULT_AUTH_TOKEN,
  SANDBOX_OTHER_ACCOUNT_SID,
  SANDBOX_SUBACCOUNT_AUTH_TOKEN,
  SANDBOX_SUBACCOUNT_SID,
} from "../../src/sandbox/accounts.js";
import { readSandboxConfig, type SandboxConfig } from "../../src/sandbox/config.js";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/server.js";

const ROUTE = "/v1/Porting/Portability/PhoneNumber/";
const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString("base64")}`;
const MAIN_AUTH = basic(SANDBOX_ACCOUNT_SID, SANDBOX_DEFAULT_AUTH_TOKEN);

function start(overrides: Partial<SandboxConfig> = {}): Promise<RunningSandbox> {
  return startSandbox({ ...readSandboxConfig({}), port: 0, ...overrides });
}

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function get(sandbox: RunningSandbox, path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(sandbox.url + path, {
    ...init,
    headers: { authorization: MAIN_AUTH, ...(init.headers as Record<string, string>) },
  });
  expect(response.headers.get("content-type")).toBe("application/json");
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

const twilioError = (code: number, status: number) => ({
  code,
  message: expect.any(String),
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});

describe("sandbox over HTTP, default knobs", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await start();
  });
  afterAll(() => sandbox.close());

  it("listens on an http://127.0.0.1 origin with the port it reports", () => {
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
    expect(sandbox.port).toBeGreaterThan(0);
  });

  it.each(["%2B14155550100", "+14155550100"])("answers the percent-encoded and the raw path alike: %s", async (segment) => {
    const { status, body } = await get(sandbox, ROUTE + segment);
    expect(status).toBe(200);
    expect(body).toEqual({
      phone_number: "+14155550100",
      account_sid: null,
      portable: true,
      pin_and_account_number_required: false,
      not_portable_reason: null,
      not_portable_reason_code: null,
      number_type: "LOCAL",
      country: "US",
      url: "https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/+14155550100",
    });
  });

  it("answers a not-portable verdict with HTTP 200 by default", async () => {
    const { status, body } = await get(sandbox, `${ROUTE}%2B14155550133`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      portable: false,
      not_portable_reason: "MANUAL_PORTING_AVAILABLE",
      not_portable_reason_code: 22133,
    });
  });

  it("accepts the API key as its account", async () => {
    const { status, body } = await get(sandbox, `${ROUTE}%2B14155550131`, {
      headers: { authorization: basic(SANDBOX_API_KEY_SID, SANDBOX_API_KEY_SECRET) },
    });
    expect(status).toBe(200);
    expect(body.account_sid).toBe(SANDBOX_ACCOUNT_SID);
  });

  it("authenticates a subaccount with its own token; its default target is itself", async () => {
    const { body } = await get(sandbox, `${ROUTE}%2B14155550131`, {
      headers: { authorization: basic(SANDBOX_SUBACCOUNT_SID, SANDBOX_SUBACCOUNT_AUTH_TOKEN) },
    });
    expect(body.account_sid).toBe(SANDBOX_SUBACCOUNT_SID);
  });

  it("passes TargetAccountSid and AddressSid through", async () => {
    const target = await get(sandbox, `${ROUTE}%2B14155550131?TargetAccountSid=${SANDBOX_SUBACCOUNT_SID}`);
    expect(target.body.account_sid).toBe(SANDBOX_SUBACCOUNT_SID);
    const withAddress = await get(sandbox, `${ROUTE}%2B14155550171?AddressSid=AD${"0".repeat(32)}`);
    expect(withAddress.body).toMatchObject({ portable: true, not_portable_reason: null });
    const without = await get(sandbox, `${ROUTE}%2B14155550171`);
    expect(without.body).toMatchObject({ portable: false, not_portable_reason_code: 22171 });
  });

  it("answers a target outside the caller's accounts with an UNAUTHORIZED verdict, HTTP 200", async () => {
    const { status, body } = await get(sandbox, `${ROUTE}%2B14155550100?TargetAccountSid=${SANDBOX_OTHER_ACCOUNT_SID}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ portable: false, not_portable_reason: "UNAUTHORIZED", not_portable_reason_code: 20003 });
  });

  it.each([
    ["no credentials", undefined],
    ["a wrong token", basic(SANDBOX_ACCOUNT_SID, "not-the-token")],
    ["an unknown account", basic("ACdddddddddddddddddddddddddddddd04", SANDBOX_DEFAULT_AUTH_TOKEN)],
    ["the API key with the account token", basic(SANDBOX_API_KEY_SID, SANDBOX_DEFAULT_AUTH_TOKEN)],
    ["a bearer token", "Bearer sandbox-token"],
    ["base64 without a colon", `Basic ${Buffer.from(SANDBOX_ACCOUNT_SID).toString("base64")}`],
  ])("rejects %s with 401/20003 and a Basic challenge", async (_case, authorization) => {
    const response = await fetch(`${sandbox.url}${ROUTE}%2B14155550100`, {
      headers: authorization === undefined ? {} : { authorization },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Basic realm="Twilio API"');
    expect(await response.json()).toEqual({
      code: 20003,
      message: "Authenticate",
      more_info: "https://www.twilio.com/docs/errors/20003",
      status: 401,
    });
  });

  it.each([
    ["GET", "/v1/Porting/Portability/PhoneNumber"],
    ["GET", ROUTE],
    ["GET", `${ROUTE}%2B14155550100/extra`],
    ["GET", "/2010-04-01/Accounts.json"],
    ["POST", `${ROUTE}%2B14155550100`],
    ["DELETE", `${ROUTE}%2B14155550100`],
  ])("%s %s is 404/20404", async (method, path) => {
    const { status, body } = await get(sandbox, path, { method });
    expect(status).toBe(404);
    expect(body).toEqual({ ...twilioError(20404, 404), message: `The requested resource ${path} was not found` });
  });

  it.each(["14155550100", "%2B1%20415%20555%200100", "%E0%A4%A", "%ZZ", "+1415555010012345"])(
    "answers the path segment %s with 400/22102",
    async (segment) => {
      const { status, body } = await get(sandbox, ROUTE + segment);
      expect(status).toBe(400);
      expect(body).toEqual(twilioError(22102, 400));
    },
  );

  it.each([
    "TargetAccountSid=AC123",
    `TargetAccountSid=${SANDBOX_API_KEY_SID}`,
    "AddressSid=AD123",
    `AddressSid=${SANDBOX_ACCOUNT_SID}`,
  ])("answers the query %s with 400/20001", async (query) => {
    const { status, body } = await get(sandbox, `${ROUTE}%2B14155550100?${query}`);
    expect(status).toBe(400);
    expect(body).toEqual(twilioError(20001, 400));
  });

  it("answers +14155550429 with 429/20429 and Retry-After: 1", async () => {
    const { status, headers, body } = await get(sandbox, `${ROUTE}%2B14155550429`);
    expect(status).toBe(429);
    expect(headers.get("retry-after")).toBe("1");
    expect(body).toEqual(twilioError(20429, 429));
  });

  it("answers +14155550503 with 503/20503 on every attempt", async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { status, body } = await get(sandbox, `${ROUTE}%2B14155550503`);
      expect(status).toBe(503);
      expect(body).toEqual(twilioError(20503, 503));
    }
  });
});

describe("SANDBOX_NOT_PORTABLE_STATUS=400", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await start(readSandboxConfig({ SANDBOX_PORT: "0", SANDBOX_NOT_PORTABLE_STATUS: "400" }));
  });
  afterAll(() => sandbox.close());

  it.each([
    ["+14155550133", 400],
    ["+14155550135", 400],
    ["+18001234567", 400],
    ["+14155550100", 200],
    ["+14155550110", 200],
  ])("answers %s with HTTP %i and the portability body", async (phoneNumber, httpStatus) => {
    const { status, body } = await get(sandbox, ROUTE + encodeURIComponent(phoneNumber));
    expect(status).toBe(httpStatus);
    expect(body).toMatchObject({ phone_number: phoneNumber, portable: httpStatus === 200 });
  });

  it("sends UNAUTHORIZED verdicts with 400 too", async () => {
    const { status, body } = await get(sandbox, `${ROUTE}%2B14155550100?TargetAccountSid=${SANDBOX_OTHER_ACCOUNT_SID}`);
    expect(status).toBe(400);
    expect(body.not_portable_reason_code).toBe(20003);
  });
});
