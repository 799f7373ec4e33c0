import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A throw-away API_KEYS_FILE for one layer: one key per id, any target, limits far above what a
 * scenario sends (the bench measures scheduling and cost, not the per-key rate limits). The format
 * is the layer's contract (src/auth/api-keys-file.ts; scripts/create-api-key.ts prints entries):
 * the file holds each secret's SHA-256, the caller sends `Authorization: Bearer <secret>`.
 */
export interface ApiKeysFile {
  readonly path: string;
  /** `authorization` header value per key id. */
  readonly authorization: ReadonlyMap<string, string>;
  remove(): void;
}

const UNLIMITED = { requestsPerMinute: 100_000_000, numbersPerMinute: 100_000_000 };

export function writeApiKeysFile(ids: readonly string[]): ApiKeysFile {
  const dir = mkdtempSync(join(tmpdir(), "portability-bench-"));
  const path = join(dir, "api-keys.json");
  const authorization = new Map<string, string>();
  const keys = ids.map((id) => {
    const secret = `pgq_${randomBytes(32).toString("base64url")}`;
    authorization.set(id, `Bearer ${secret}`);
    return { id, secretSha256: createHash("sha256").update(secret, "utf8").digest("hex"), targets: "*", limits: UNLIMITED };
  });
  writeFileSync(path, JSON.stringify({ keys }), { mode: 0o600 });
  return { path, authorization, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
