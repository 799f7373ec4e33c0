import { timingSafeEqual } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createAuthenticator, hashSecret } from "../../../src/auth/authenticate.js";

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn((a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => actual.timingSafeEqual(a, b)) };
});

/**
 * Timing cannot be measured reliably in a test; what can be checked is the shape that makes it
 * constant: every key is compared, with timingSafeEqual, whether the match is first, last or absent.
 */
describe("createAuthenticator compares every key, without stopping at a match", () => {
  const secrets = ["k0-secret", "k1-secret", "k2-secret", "k3-secret", "k4-secret"];
  const authenticate = createAuthenticator(
    secrets.map((secret, index) => ({ id: `k${index}`, secretSha256: hashSecret(secret), targets: "*" as const })),
    { requestsPerMinute: 1, numbersPerMinute: 1 },
  );
  const compare = vi.mocked(timingSafeEqual);
  beforeEach(() => {
    compare.mockClear();
  });

  it.each([
    ["the first key", "Bearer k0-secret", "k0"],
    ["the last key", "Bearer k4-secret", "k4"],
    ["no key", "Bearer nobody", null],
  ])("matching %s costs one constant-time comparison per key", (_name, header, id) => {
    expect(authenticate(header)?.id ?? null).toBe(id);
    expect(compare).toHaveBeenCalledTimes(secrets.length);
    for (const [given, stored] of compare.mock.calls) {
      expect(Buffer.isBuffer(given) && Buffer.isBuffer(stored)).toBe(true);
      expect((given as Buffer).length).toBe(32);
      expect((stored as Buffer).length).toBe(32);
    }
  });

  it("a header that is not a Bearer secret is refused before any comparison", () => {
    expect(authenticate("Basic k0-secret")).toBeNull();
    expect(compare).not.toHaveBeenCalled();
  });
});
