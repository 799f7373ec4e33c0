import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SANDBOX_ACCOUNT_SID,
  SANDBOX_API_KEY_SECRET,
  SANDBOX_API_KEY_SID,
  SANDBOX_DEFAULT_AUTH_TOKEN,
  SANDBOX_SUBACCOUNT_SID,
} from "../../src/sandbox/accounts.js";
import { readSandboxConfig } from "../../src/sandbox/config.js";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/server.js";

/**
 * The official helper library pointed at the sandbox through the public `baseUrl` of its numbers
 * domain. It sends the number raw ("+1415…") in the path, unlike our own layer, which encodes it.
 */
function sandboxClient(sandbox: RunningSandbox, username: string, password: string, accountSid?: string) {
  // Empty region/edge (not undefined, which falls back to TWILIO_REGION/TWILIO_EDGE in the
  // environment) so the client never rewrites the 127.0.0.1 host into a regional hostname.
  const client = twilio(username, password, { accountSid, autoRetry: false, region: "", edge: "" });
  client.numbers.baseUrl = sandbox.url;
  return client;
}

const PORTABLE = { portable: true, notPortableReason: null, notPortableReasonCode: null };
const notPortable = (notPortableReason: string, notPortableReasonCode: number, accountSid: string | null = null) => ({
  portable: false,
  notPortableReason,
  notPortableReasonCode,
  accountSid,
});

/** Fields that differ from a US LOCAL answer with no account and no PIN needed (target: the subaccount). */
const MAGIC: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ["+14155550100", PORTABLE],
  ["+14155550110", { ...PORTABLE, numberType: "MOBILE", pinAndAccountNumberRequired: true }],
  ["+14155550130", notPortable("UNSUPPORTED", 22130)],
  ["+14155550131", notPortable("ALREADY_IN_THE_TARGET_ACCOUNT", 22131, SANDBOX_SUBACCOUNT_SID)],
  ["+14155550132", notPortable("ALREADY_IN_TWILIO_DIFFERENT_OWNER", 22132)],
  ["+14155550133", notPortable("MANUAL_PORTING_AVAILABLE", 22133)],
  ["+14155550135", notPortable("ERROR_INTERNAL_SERVER_ERROR", 22135)],
  ["+14155550136", notPortable("ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS", 22136, SANDBOX_SUBACCOUNT_SID)],
  ["+14155550171", notPortable("MISSING_REQUIRED_FIELDS", 22171)],
  ["+18001234567", { ...notPortable("MANUAL_PORTING_AVAILABLE", 22133), numberType: "TOLL-FREE" }],
];

describe("the official twilio-node client against the sandbox", () => {
  let sandbox: RunningSandbox;
  let client: ReturnType<typeof twilio>;
  beforeAll(async () => {
    sandbox = await startSandbox({ ...readSandboxConfig({}), port: 0 });
    client = sandboxClient(sandbox, SANDBOX_ACCOUNT_SID, SANDBOX_DEFAULT_AUTH_TOKEN);
  });
  afterAll(() => sandbox.close());

  it.each(MAGIC)("fetches %s", async (phoneNumber, fields) => {
    const result = await client.numbers.v1
      .portingPortabilities(phoneNumber)
      .fetch({ targetAccountSid: SANDBOX_SUBACCOUNT_SID });
    expect(result.toJSON()).toEqual({
      phoneNumber,
      accountSid: null,
      country: "US",
      numberType: "LOCAL",
      pinAndAccountNumberRequired: false,
      url: `https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/${phoneNumber}`,
      ...fields,
    });
  });

  it("sends AddressSid: +14155550171 becomes portable", async () => {
    const result = await client.numbers.v1
      .portingPortabilities("+14155550171")
      .fetch({ addressSid: `AD${"b".repeat(32)}` });
    expect(result.portable).toBe(true);
    expect(result.notPortableReasonCode).toBeNull();
  });

  it("authenticates with an API key plus the account SID", async () => {
    const keyClient = sandboxClient(sandbox, SANDBOX_API_KEY_SID, SANDBOX_API_KEY_SECRET, SANDBOX_ACCOUNT_SID);
    const result = await keyClient.numbers.v1.portingPortabilities("+14155550131").fetch();
    expect(result.accountSid).toBe(SANDBOX_ACCOUNT_SID);
  });

  async function failure(promise: Promise<unknown>): Promise<InstanceType<typeof twilio.RestException>> {
    const error: unknown = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(twilio.RestException);
    return error as InstanceType<typeof twilio.RestException>;
  }

  it("surfaces a bad token as RestException 401/20003", async () => {
    const bad = sandboxClient(sandbox, SANDBOX_ACCOUNT_SID, "wrong-token");
    const error = await failure(bad.numbers.v1.portingPortabilities("+14155550100").fetch());
    expect({ status: error.status, code: error.code, moreInfo: error.moreInfo }).toEqual({
      status: 401,
      code: 20003,
      moreInfo: "https://www.twilio.com/docs/errors/20003",
    });
  });

  it("surfaces +14155550429 as RestException 429/20429, without retrying", async () => {
    const started = performance.now();
    const error = await failure(client.numbers.v1.portingPortabilities("+14155550429").fetch());
    expect({ status: error.status, code: error.code }).toEqual({ status: 429, code: 20429 });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("surfaces +14155550503 as RestException 503/20503", async () => {
    const error = await failure(client.numbers.v1.portingPortabilities("+14155550503").fetch());
    expect({ status: error.status, code: error.code }).toEqual({ status: 503, code: 20503 });
  });

  it("surfaces a number that is not E.164 as RestException 400/22102", async () => {
    const error = await failure(client.numbers.v1.portingPortabilities("4155550100").fetch());
    expect({ status: error.status, code: error.code }).toEqual({ status: 400, code: 22102 });
  });
});
