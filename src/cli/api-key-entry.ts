import { randomBytes } from "node:crypto";
import type { ApiKey } from "../auth/api-key.js";
import { hashSecret } from "../auth/authenticate.js";
import { ACCOUNT_SID } from "../schema/sid-patterns.js";

/** The same id rule as API_KEYS_FILE's schema (src/auth/api-keys-file.ts). */
const KEY_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/** Bad arguments to create-api-key; the message names the argument and what was expected. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly code = "USAGE";
}

/**
 * A new key from create-api-key's arguments: the secret (shown once) and its API_KEYS_FILE entry.
 * Every argument is checked by the rules the server applies to the file, so an entry this prints is
 * never the one the server then refuses to start with.
 */
export function newApiKeyEntry(args: readonly string[]): { secret: string; entry: ApiKey } {
  const [id, targets = "*", requestsPerMinute, numbersPerMinute] = args;
  if (id === undefined || !KEY_ID.test(id)) throw new UsageError(`key id must be 1-64 of A-Z a-z 0-9 _ . -, got ${JSON.stringify(id ?? "")}`);
  const sids = targets === "*" ? "*" : targets.split(",").map((sid) => sid.trim());
  if (sids !== "*") {
    for (const sid of sids) {
      if (!ACCOUNT_SID.test(sid)) throw new UsageError(`target ${JSON.stringify(sid)} is not an account SID (AC followed by 32 hex digits), nor "*"`);
    }
  }
  const limits = {
    ...(requestsPerMinute === undefined ? {} : { requestsPerMinute: positiveInt("requestsPerMinute", requestsPerMinute) }),
    ...(numbersPerMinute === undefined ? {} : { numbersPerMinute: positiveInt("numbersPerMinute", numbersPerMinute) }),
  };
  const secret = `pgq_${randomBytes(32).toString("base64url")}`;
  return {
    secret,
    entry: { id, secretSha256: hashSecret(secret), targets: sids, ...(Object.keys(limits).length > 0 ? { limits } : {}) },
  };
}

function positiveInt(name: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${name} must be a whole number of at least 1, got ${JSON.stringify(value)}`);
  return Number(value);
}
