import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readApiKeysFile } from "../../../src/auth/api-keys-file.js";
import { hashSecret } from "../../../src/auth/authenticate.js";
import { newApiKeyEntry, UsageError } from "../../../src/cli/api-key-entry.js";

const A = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa02";
const B = "ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb03";

function usageError(args: string[]): string {
  try {
    newApiKeyEntry(args);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("expected a UsageError");
}

describe("create-api-key's entry (src/cli/api-key-entry.ts)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pg-create-key-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints an entry the server accepts: hash of the secret, targets, limits", () => {
    const { secret, entry } = newApiKeyEntry(["acme", `${A},${B}`, "120", "5000"]);
    expect(entry).toEqual({ id: "acme", secretSha256: hashSecret(secret), targets: [A, B], limits: { requestsPerMinute: 120, numbersPerMinute: 5000 } });
    const path = join(dir, "keys.json");
    writeFileSync(path, JSON.stringify({ keys: [entry] }));
    expect(readApiKeysFile(path)).toEqual([entry]);
  });

  // Regression (issue 7): invalid SIDs were printed into an entry the server then refused.
  it.each([
    [["acme", "AC123"], 'target "AC123" is not an account SID (AC followed by 32 hex digits), nor "*"'],
    [["acme", `${A},ADaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa02`], 'target "ADaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa02" is not an account SID'],
    [["acme", "**"], 'target "**" is not an account SID'],
    [["acme", `${A},`], 'target "" is not an account SID'],
    [["acme", A, "0"], 'requestsPerMinute must be a whole number of at least 1, got "0"'],
    [["acme", A, "10", "1.5"], 'numbersPerMinute must be a whole number of at least 1, got "1.5"'],
    [["has space"], 'key id must be 1-64 of A-Z a-z 0-9 _ . -, got "has space"'],
    [[], 'key id must be 1-64 of A-Z a-z 0-9 _ . -, got ""'],
  ])("refuses %j: %s", (args, message) => {
    expect(usageError(args)).toContain(message);
  });
});

describe("API_KEYS_FILE errors name the entry", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pg-keys-names-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Regression (issue 7): "/keys/1/targets must be equal to constant" named neither the key nor the SID.
  it("names the key id and the bad target SID, never the hash", () => {
    const good = { id: "partner-a", secretSha256: hashSecret("a"), targets: [A] };
    const bad = { id: "partner-b", secretSha256: hashSecret("b"), targets: [B, "AC12345"] };
    const path = join(dir, "keys.json");
    writeFileSync(path, JSON.stringify({ keys: [good, bad] }));
    expect(() => readApiKeysFile(path)).toThrow(
      `API_KEYS_FILE: ${path}: key "partner-b": target "AC12345" is not an account SID (AC followed by 32 hex digits); /keys/1/targets must be equal to constant`,
    );
    try {
      readApiKeysFile(path);
    } catch (error) {
      expect((error as Error).message).not.toContain(hashSecret("b"));
    }
  });
});
