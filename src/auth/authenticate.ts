import { hash, timingSafeEqual } from "node:crypto";
import type { ApiKey, Caller, RateLimits } from "./api-key.js";

export type Authenticate = (authorization: string | undefined) => Caller | null;

/**
 * `Authorization: Bearer <secret>` → the key's caller, or null. The secret's SHA-256 is compared with
 * every key's in constant time and without stopping at a match, so timing tells nothing about which
 * keys exist or how close a guess came.
 */
export function createAuthenticator(keys: readonly ApiKey[], defaults: RateLimits): Authenticate {
  const entries = keys.map((key) => ({
    digest: Buffer.from(key.secretSha256, "hex"),
    caller: Object.freeze({
      id: key.id,
      targets: key.targets === "*" ? ("*" as const) : new Set(key.targets),
      limits: { ...defaults, ...key.limits },
    }) satisfies Caller,
  }));
  return (authorization) => {
    const secret = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
    if (secret === undefined) return null;
    // One-shot hash (no Hash object per request): this runs for every authenticated request.
    const digest = hash("sha256", secret, "buffer");
    let found: Caller | null = null;
    for (const entry of entries) {
      if (timingSafeEqual(digest, entry.digest) && found === null) found = entry.caller;
    }
    return found;
  };
}

/** What goes into API_KEYS_FILE for a secret: scripts/create-api-key.ts prints it. */
export function hashSecret(secret: string): string {
  return hash("sha256", secret, "hex");
}
