import { createHash, timingSafeEqual } from "node:crypto";
// An import (not an fs read) so tsc copies the fixture into dist and `npm run sandbox` finds it.
import fixture from "./accounts.json" with { type: "json" };

/** A Twilio account the sandbox knows about, with the US numbers already in its inventory. */
export interface SandboxAccount {
  readonly sid: string;
  readonly friendlyName: string;
  /** The account this one is a subaccount of; null for a main account. */
  readonly parentSid: string | null;
  readonly phoneNumbers: readonly string[];
}

interface AccountsFixture {
  readonly accounts: ReadonlyArray<SandboxAccount & { readonly authToken: string | null }>;
  readonly apiKeys: ReadonlyArray<{ readonly sid: string; readonly secret: string; readonly accountSid: string }>;
}

// Literal constants (not reads from the fixture) so other modules get literal types; the checks
// below keep them and accounts.json from drifting apart.
export const SANDBOX_ACCOUNT_SID = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01";
export const SANDBOX_SUBACCOUNT_SID = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa02";
export const SANDBOX_OTHER_ACCOUNT_SID = "ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb03";
/** The main account's token unless SANDBOX_AUTH_TOKEN says otherwise (accounts.json leaves it null). */
export const SANDBOX_DEFAULT_AUTH_TOKEN = "sandbox-token";
export const SANDBOX_SUBACCOUNT_AUTH_TOKEN = "sandbox-subaccount-token";
export const SANDBOX_OTHER_AUTH_TOKEN = "sandbox-other-token";
export const SANDBOX_API_KEY_SID = "SKcccccccccccccccccccccccccccccc01";
export const SANDBOX_API_KEY_SECRET = "sandbox-api-secret";

const data: AccountsFixture = fixture;

const accountsBySid = new Map<string, SandboxAccount>();
const ownerByNumber = new Map<string, SandboxAccount>();
for (const { authToken: _token, ...account } of data.accounts) {
  accountsBySid.set(account.sid, account);
  for (const number of account.phoneNumbers) ownerByNumber.set(number, account);
}

function fixtureMismatch(what: string): never {
  throw new Error(`src/sandbox/accounts.json does not match accounts.ts: ${what}`);
}
const tokenOf = (sid: string) => data.accounts.find((a) => a.sid === sid)?.authToken;
if (tokenOf(SANDBOX_ACCOUNT_SID) !== null) fixtureMismatch(`${SANDBOX_ACCOUNT_SID} must have authToken null`);
if (accountsBySid.get(SANDBOX_SUBACCOUNT_SID)?.parentSid !== SANDBOX_ACCOUNT_SID) fixtureMismatch("subaccount parent");
if (tokenOf(SANDBOX_SUBACCOUNT_SID) !== SANDBOX_SUBACCOUNT_AUTH_TOKEN) fixtureMismatch("subaccount token");
if (tokenOf(SANDBOX_OTHER_ACCOUNT_SID) !== SANDBOX_OTHER_AUTH_TOKEN) fixtureMismatch("other account token");
const apiKey = data.apiKeys.find((k) => k.sid === SANDBOX_API_KEY_SID);
if (apiKey?.secret !== SANDBOX_API_KEY_SECRET || apiKey.accountSid !== SANDBOX_ACCOUNT_SID) fixtureMismatch("API key");

export const SANDBOX_ACCOUNTS: readonly SandboxAccount[] = [...accountsBySid.values()];

export function findAccount(sid: string): SandboxAccount | undefined {
  return accountsBySid.get(sid);
}

/** The sandbox account whose inventory holds this E.164 number, if any. */
export function ownerOf(phoneNumber: string): SandboxAccount | undefined {
  return ownerByNumber.get(phoneNumber);
}

/** Twilio lets an account act on itself and on its own subaccounts, never on its parent or siblings. */
export function isSelfOrSubaccount(account: SandboxAccount, sid: string): boolean {
  return sid === account.sid || accountsBySid.get(sid)?.parentSid === account.sid;
}

/** Maps an `Authorization` header to the account it authenticates, or undefined. */
export type Authenticator = (authorization: string | undefined) => SandboxAccount | undefined;

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest();

/**
 * Accepts HTTP Basic credentials as Twilio does: account SID + auth token, or API key SID + secret
 * (the key then acts as its account). Secrets are compared as SHA-256 digests with timingSafeEqual,
 * so the comparison takes the same time whatever the length or content of the guess.
 */
export function createAuthenticator(mainAuthToken: string): Authenticator {
  const digests = new Map<string, { digest: Buffer; account: SandboxAccount }>();
  for (const { sid, authToken } of data.accounts) {
    digests.set(sid, { digest: sha256(authToken ?? mainAuthToken), account: accountsBySid.get(sid)! });
  }
  for (const key of data.apiKeys) {
    const account = accountsBySid.get(key.accountSid) ?? fixtureMismatch(`API key ${key.sid} account`);
    digests.set(key.sid, { digest: sha256(key.secret), account });
  }
  // Unknown usernames still pay for one comparison, so timing does not reveal which SIDs exist.
  const decoy = sha256(`decoy:${mainAuthToken}`);

  return (authorization) => {
    if (authorization === undefined || !/^basic /i.test(authorization)) return undefined;
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    const entry = digests.get(decoded.slice(0, colon));
    const matches = timingSafeEqual(sha256(decoded.slice(colon + 1)), entry?.digest ?? decoy);
    return matches ? entry?.account : undefined;
  };
}
