import { describe, expect, it } from "vitest";
import { credentialsFingerprint, memoryKeyFor, redisKeyFor } from "../../../src/cache/verdict-key.js";
import { ACCOUNT, ADDRESS, keyFor, NUMBER, OTHER_ACCOUNT, TARGET } from "./verdicts.js";

const VARIANTS = [
  keyFor(),
  keyFor("+14155550101"),
  keyFor(NUMBER, { accountSid: OTHER_ACCOUNT }),
  keyFor(NUMBER, { targetAccountSid: TARGET }),
  keyFor(NUMBER, { addressSid: ADDRESS }),
  keyFor(NUMBER, { targetAccountSid: TARGET, addressSid: ADDRESS }),
  // The same text in another field must not be the same key.
  keyFor(NUMBER, { targetAccountSid: ADDRESS }),
];

describe("verdict keys", () => {
  it("gives every account, target, address and number its own memory key", () => {
    expect(new Set(VARIANTS.map(memoryKeyFor)).size).toBe(VARIANTS.length);
  });

  it("gives every account, target, address and number its own Redis key, and so does another fingerprint", () => {
    const keys = VARIANTS.flatMap((key) => [redisKeyFor("p:", "fp-one", key), redisKeyFor("p:", "fp-two", key)]);
    expect(new Set(keys).size).toBe(VARIANTS.length * 2);
  });

  it("names the prefix, the format version and the account, and keeps the number out of the key name", () => {
    const name = redisKeyFor("portability:", credentialsFingerprint(ACCOUNT), keyFor(NUMBER, { targetAccountSid: TARGET }));
    expect(name).toMatch(new RegExp(`^portability:verdict:v1:${ACCOUNT}:[A-Za-z0-9_-]{43}$`));
    expect(name).not.toContain("4155550100");
    expect(name).not.toContain(TARGET);
  });

  it("is the same key for the same question", () => {
    expect(redisKeyFor("p:", "fp", keyFor())).toBe(redisKeyFor("p:", "fp", { ...keyFor() }));
  });
});

describe("credentialsFingerprint", () => {
  it("is 16 URL-safe characters, stable, different per username, and does not contain the username", () => {
    const fingerprint = credentialsFingerprint(ACCOUNT);
    expect(fingerprint).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(credentialsFingerprint(ACCOUNT)).toBe(fingerprint);
    expect(credentialsFingerprint(OTHER_ACCOUNT)).not.toBe(fingerprint);
    expect(fingerprint).not.toContain("aaaa");
  });
});
