import { describe, expect, it } from "vitest";
import {
  createAuthenticator,
  findAccount,
  isSelfOrSubaccount,
  ownerOf,
  SANDBOX_ACCOUNT_SID,
  SANDBOX_ACCOUNTS,
  SANDBOX_API_KEY_SECRET,
  SANDBOX_API_KEY_SID,
  SANDBOX_DEFAULT_AUTH_TOKEN,
  SANDBOX_OTHER_ACCOUNT_SID,
  SANDBOX_OTHER_AUTH_TOKEN,
  SANDBOX_SUBACCOUNT_AUTH_TOKEN,
  SANDBOX_SUBACCOUNT_SID,
} from "../../src/sandbox/accounts.js";
import { MAGIC_NUMBERS } from "../../src/sandbox/magic-numbers.js";

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString("base64")}`;

describe("sandbox accounts fixture", () => {
  it("has well-formed SIDs and E.164 numbers, none of them magic", () => {
    expect(SANDBOX_ACCOUNTS.map((a) => a.sid)).toEqual([SANDBOX_ACCOUNT_SID, SANDBOX_SUBACCOUNT_SID, SANDBOX_OTHER_ACCOUNT_SID]);
    expect(SANDBOX_API_KEY_SID).toMatch(/^SK[0-9a-f]{32}$/);
    for (const account of SANDBOX_ACCOUNTS) {
      expect(account.sid).toMatch(/^AC[0-9a-f]{32}$/);
      for (const number of account.phoneNumbers) {
        expect(number).toMatch(/^\+1\d{10}$/);
        expect(MAGIC_NUMBERS.has(number)).toBe(false);
        expect(ownerOf(number)).toBe(account);
      }
    }
  });

  it("knows who may act for whom", () => {
    const main = findAccount(SANDBOX_ACCOUNT_SID)!;
    const sub = findAccount(SANDBOX_SUBACCOUNT_SID)!;
    expect(isSelfOrSubaccount(main, SANDBOX_ACCOUNT_SID)).toBe(true);
    expect(isSelfOrSubaccount(main, SANDBOX_SUBACCOUNT_SID)).toBe(true);
    expect(isSelfOrSubaccount(main, SANDBOX_OTHER_ACCOUNT_SID)).toBe(false);
    expect(isSelfOrSubaccount(sub, SANDBOX_ACCOUNT_SID)).toBe(false);
    expect(ownerOf("+14155550100")).toBeUndefined();
  });
});

describe("createAuthenticator", () => {
  const authenticate = createAuthenticator(SANDBOX_DEFAULT_AUTH_TOKEN);

  it.each([
    [`${SANDBOX_ACCOUNT_SID}:${SANDBOX_DEFAULT_AUTH_TOKEN}`, SANDBOX_ACCOUNT_SID],
    [`${SANDBOX_SUBACCOUNT_SID}:${SANDBOX_SUBACCOUNT_AUTH_TOKEN}`, SANDBOX_SUBACCOUNT_SID],
    [`${SANDBOX_OTHER_ACCOUNT_SID}:${SANDBOX_OTHER_AUTH_TOKEN}`, SANDBOX_OTHER_ACCOUNT_SID],
    [`${SANDBOX_API_KEY_SID}:${SANDBOX_API_KEY_SECRET}`, SANDBOX_ACCOUNT_SID],
  ])("accepts %s as %s", (credentials, sid) => {
    expect(authenticate(basic(credentials))?.sid).toBe(sid);
    expect(authenticate(basic(credentials).replace("Basic", "basic"))?.sid).toBe(sid);
  });

  it.each([
    undefined,
    "",
    "Basic",
    "Basic !!!",
    basic(SANDBOX_ACCOUNT_SID),
    basic(`${SANDBOX_ACCOUNT_SID}:`),
    basic(`${SANDBOX_ACCOUNT_SID}:${SANDBOX_DEFAULT_AUTH_TOKEN}x`),
    basic(`${SANDBOX_ACCOUNT_SID}:${SANDBOX_SUBACCOUNT_AUTH_TOKEN}`),
    basic(`${SANDBOX_API_KEY_SID}:${SANDBOX_DEFAULT_AUTH_TOKEN}`),
    basic(`ACdddddddddddddddddddddddddddddd04:${SANDBOX_DEFAULT_AUTH_TOKEN}`),
    `Bearer ${SANDBOX_DEFAULT_AUTH_TOKEN}`,
  ])("rejects %j", (authorization) => {
    expect(authenticate(authorization)).toBeUndefined();
  });

  it("uses the configured token for the main account instead of the default", () => {
    const custom = createAuthenticator("custom-token");
    expect(custom(basic(`${SANDBOX_ACCOUNT_SID}:custom-token`))?.sid).toBe(SANDBOX_ACCOUNT_SID);
    expect(custom(basic(`${SANDBOX_ACCOUNT_SID}:${SANDBOX_DEFAULT_AUTH_TOKEN}`))).toBeUndefined();
  });
});
