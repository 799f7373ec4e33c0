import { createHash } from "node:crypto";
import type { VerdictKey } from "./verdict-cache.js";

/**
 * The in-process key: every field, "|"-separated. No two keys collide: the SIDs are validated
 * (AC/AD + 32 hex digits, or null for none) and hold no "|", and the number goes last. A template,
 * not JSON.stringify of the fields, which was 1.2 % of an uncached check's CPU (a read and a write
 * per check). One process has one set of credentials, so they need not be part of it.
 */
export function memoryKeyFor(key: VerdictKey): string {
  return `${key.accountSid}|${key.targetAccountSid ?? ""}|${key.addressSid ?? ""}|${key.phoneNumber}`;
}

/**
 * The Redis key: `<prefix>verdict:v1:<account SID>:<digest>`. The digest covers the credentials'
 * fingerprint and every field, so instances with other credentials, or checks for another account,
 * target or address, never read each other's entries; it also keeps phone numbers out of key names.
 * The account SID stays readable so one account's entries can be found (SCAN) and dropped.
 * Bump `v1` when the stored value changes shape: old entries then simply expire.
 */
export function redisKeyFor(prefix: string, credentialsFingerprint: string, key: VerdictKey): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([credentialsFingerprint, key.accountSid, key.targetAccountSid, key.addressSid, key.phoneNumber]))
    .digest("base64url");
  return `${prefix}verdict:v1:${key.accountSid}:${digest}`;
}

/**
 * A short, non-reversible tag of the username this service authenticates to Twilio with (account SID
 * or API key SID): switching credentials starts from an empty cache, since another key may see
 * other accounts. 16 base64url characters (96 bits): collisions are not a concern at this scale.
 */
export function credentialsFingerprint(username: string): string {
  return createHash("sha256").update(`portability-graphql verdict cache\0${username}`).digest("base64url").slice(0, 16);
}
