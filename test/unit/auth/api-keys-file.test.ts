import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readApiKeysFile } from "../../../src/auth/api-keys-file.js";
import { hashSecret } from "../../../src/auth/authenticate.js";
import { ConfigError } from "../../../src/config/config-error.js";

const SHA = hashSecret("the-secret");
const SHA_2 = hashSecret("another-secret");
const A = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const key = (fields: Record<string, unknown> = {}) => ({ id: "k1", secretSha256: SHA, targets: "*", ...fields });
const file = (keys: unknown[]) => JSON.stringify({ keys });

describe("readApiKeysFile", () => {
  let dir: string;
  let count = 0;
  const write = (text: string): string => {
    const path = join(dir, `keys-${(count += 1)}.json`);
    writeFileSync(path, text, "utf8");
    return path;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pg-api-keys-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each<[string, string]>([
    ['"*" targets', file([key()])],
    ["a target list, mixed-case hex", file([key({ targets: [A, "AC0123456789ABCDEF0123456789abcdef"] })])],
    ["both limits", file([key({ limits: { requestsPerMinute: 1, numbersPerMinute: 100_000_000 } })])],
    ["one limit", file([key({ limits: { numbersPerMinute: 5 } })])],
    ["empty limits", file([key({ limits: {} })])],
    ["two keys", file([key(), key({ id: "k2", secretSha256: SHA_2 })])],
    ["ids with . _ -, 64 characters", file([key({ id: "a.b_c-D" }), key({ id: "x".repeat(64), secretSha256: SHA_2 })])],
  ])("accepts %s and returns the keys as written", (_name, text) => {
    expect(readApiKeysFile(write(text))).toEqual(JSON.parse(text).keys);
  });

  it.each<[string, string, string]>([
    ["not JSON", "{keys:[]}", "is not valid JSON"],
    ["empty", "", "is not valid JSON"],
    ["a JSON array", "[]", "/ must be object"],
    ["null", "null", "/ must be object"],
    ["no keys property", "{}", "/ must have required property 'keys'"],
    ["keys not an array", JSON.stringify({ keys: {} }), "/keys must be array"],
    ["no keys", file([]), "/keys must NOT have fewer than 1 items"],
    ["an extra top-level property", JSON.stringify({ keys: [key()], admin: true }), "/ must NOT have additional properties"],
    ["a key without id", file([{ secretSha256: SHA, targets: "*" }]), "/keys/0 must have required property 'id'"],
    ["a key without secretSha256", file([{ id: "k1", targets: "*" }]), "/keys/0 must have required property 'secretSha256'"],
    ["a key without targets", file([{ id: "k1", secretSha256: SHA }]), "/keys/0 must have required property 'targets'"],
    ["an id with a space", file([key({ id: "a b" })]), '/keys/0/id must match pattern "^[A-Za-z0-9_.-]{1,64}$"'],
    ["an empty id", file([key({ id: "" })]), '/keys/0/id must match pattern "^[A-Za-z0-9_.-]{1,64}$"'],
    ["a 65-character id", file([key({ id: "x".repeat(65) })]), '/keys/0/id must match pattern "^[A-Za-z0-9_.-]{1,64}$"'],
    ["a 63-digit hash", file([key({ secretSha256: SHA.slice(1) })]), '/keys/0/secretSha256 must match pattern "^[0-9a-f]{64}$"'],
    ["an upper-case hash", file([key({ secretSha256: SHA.toUpperCase() })]), '/keys/0/secretSha256 must match pattern "^[0-9a-f]{64}$"'],
    ["a plain secret", file([key({ secretSha256: "the-secret" })]), '/keys/0/secretSha256 must match pattern "^[0-9a-f]{64}$"'],
    ['targets "**"', file([key({ targets: "**" })]), "/keys/0/targets must be equal to constant"],
    ["an empty target list", file([key({ targets: [] })]), "/keys/0/targets must be equal to constant"],
    ["a short target SID", file([key({ targets: ["AC123"] })]), "/keys/0/targets must be equal to constant"],
    ["an address SID as target", file([key({ targets: ["ADaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"] })]), "/keys/0/targets must be equal to constant"],
    ["a zero limit", file([key({ limits: { requestsPerMinute: 0 } })]), "/keys/0/limits/requestsPerMinute must be >= 1"],
    ["a fractional limit", file([key({ limits: { numbersPerMinute: 1.5 } })]), "/keys/0/limits/numbersPerMinute must be integer"],
    ["a limit as a string", file([key({ limits: { requestsPerMinute: "10" } })]), "/keys/0/limits/requestsPerMinute must be integer"],
    ["an unknown limit", file([key({ limits: { burst: 1 } })]), "/keys/0/limits must NOT have additional properties"],
    ["an unknown key field", file([key({ secret: "the-secret" })]), "/keys/0 must NOT have additional properties"],
    ["a duplicate id", file([key(), key({ secretSha256: SHA_2 })]), 'key id "k1" appears twice'],
  ])("refuses %s: ConfigError on API_KEYS_FILE naming the file and the rule, no hash or secret in it", (_name, text, rule) => {
    const path = write(text);
    let thrown: unknown;
    try {
      readApiKeysFile(path);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const error = thrown as ConfigError;
    expect(error.variable).toBe("API_KEYS_FILE");
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message.startsWith(`API_KEYS_FILE: `)).toBe(true);
    expect(error.message).toContain(path);
    expect(error.message).toContain(rule);
    for (const secret of [SHA, SHA_2, SHA.toUpperCase(), "the-secret"]) expect(error.message).not.toContain(secret);
  });

  it("refuses a file that does not exist", () => {
    expect(() => readApiKeysFile(join(dir, "missing.json"))).toThrow(/^API_KEYS_FILE: cannot read .*missing\.json \(ENOENT\)$/);
  });
});
