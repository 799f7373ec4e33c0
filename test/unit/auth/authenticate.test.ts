import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ApiKey } from "../../../src/auth/api-key.js";
import { createAuthenticator, hashSecret } from "../../../src/auth/authenticate.js";

const DEFAULTS = { requestsPerMinute: 600, numbersPerMinute: 20_000 };
const TARGET = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const key = (id: string, secret: string, fields: Partial<ApiKey> = {}): ApiKey => ({ id, secretSha256: hashSecret(secret), targets: "*", ...fields });

describe("hashSecret", () => {
  it.each([
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
  ])("is the lower-case hex SHA-256 of %j", (secret, digest) => {
    expect(hashSecret(secret)).toBe(digest);
  });

  it("hashes the UTF-8 bytes, so a non-ASCII secret has one hash", () => {
    expect(hashSecret("pässwörd-ключ-🔑")).toBe(createHash("sha256").update(Buffer.from("pässwörd-ключ-🔑", "utf8")).digest("hex"));
    expect(hashSecret("é")).not.toBe(hashSecret("e\u0301"));
  });

  it("always gives 64 lower-case hex digits (what API_KEYS_FILE requires)", () => {
    for (const secret of ["x", "x".repeat(10_000), "\u0000", "Bearer y"]) expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("createAuthenticator", () => {
  const authenticate = createAuthenticator(
    [key("star", "s3cret-star"), key("scoped", "s3cret-scoped", { targets: [TARGET], limits: { requestsPerMinute: 3 } }), key("unicode", "ключ-🔑")],
    DEFAULTS,
  );

  it.each([
    ["Bearer s3cret-star"],
    ["bearer s3cret-star"],
    ["BEARER s3cret-star"],
    ["BeArEr s3cret-star"],
    ["Bearer   s3cret-star"],
    ["Bearer\ts3cret-star"],
    ["Bearer s3cret-star "],
    ["Bearer s3cret-star\t"],
  ])("accepts %j", (header) => {
    expect(authenticate(header)?.id).toBe("star");
  });

  it.each([
    [undefined],
    [""],
    ["Bearer"],
    ["Bearer "],
    ["Bearers3cret-star"],
    ["Bearer: s3cret-star"],
    [" Bearer s3cret-star"],
    ["Bearer s3cret-star extra"],
    ["Bearer s3cret-star\nX-Injected: 1"],
    ["Basic s3cret-star"],
    ["Token s3cret-star"],
    ["s3cret-star"],
    ["Bearer S3CRET-STAR"],
    ["Bearer s3cret-sta"],
    ["Bearer s3cret-star2"],
    [`Bearer ${hashSecret("s3cret-star")}`],
    [`Bearer ${"x".repeat(100_000)}`],
  ])("refuses %j", (header) => {
    expect(authenticate(header)).toBeNull();
  });

  it("accepts a non-ASCII secret by its UTF-8 hash", () => {
    expect(authenticate("Bearer ключ-🔑")?.id).toBe("unicode");
  });

  it("gives the key's caller: id, targets as a set or '*', its limits over the defaults, frozen", () => {
    const star = authenticate("Bearer s3cret-star")!;
    expect(star).toEqual({ id: "star", targets: "*", limits: DEFAULTS });
    const scoped = authenticate("Bearer s3cret-scoped")!;
    expect(scoped).toEqual({ id: "scoped", targets: new Set([TARGET]), limits: { requestsPerMinute: 3, numbersPerMinute: 20_000 } });
    expect(Object.isFrozen(scoped)).toBe(true);
    expect(authenticate("Bearer s3cret-scoped")).toBe(scoped);
  });

  it("with no keys at all, refuses everything", () => {
    expect(createAuthenticator([], DEFAULTS)("Bearer anything")).toBeNull();
  });

  it("when two keys share a hash, the first key wins, wherever the match is compared", () => {
    const twice = createAuthenticator([key("a", "other"), key("first", "shared"), key("b", "other-2"), key("second", "shared")], DEFAULTS);
    expect(twice("Bearer shared")?.id).toBe("first");
    expect(twice("Bearer other-2")?.id).toBe("b");
  });
});
