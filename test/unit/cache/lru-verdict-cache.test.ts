import { describe, expect, it } from "vitest";
import { LruVerdictCache } from "../../../src/cache/lru-verdict-cache.js";
import { NotPortableReason } from "../../../src/domain/not-portable-reason.js";
import { CHECKED_AT, failureAsVerdict, keyFor, notPortable, NUMBER, OTHER_ACCOUNT, portable, TARGET, verdict } from "./verdicts.js";

const MINUTE = 60_000;
const number = (i: number) => `+1415555${String(i).padStart(4, "0")}`;

describe("LruVerdictCache", () => {
  it("serves what was set, for the same key only", async () => {
    const cache = new LruVerdictCache({ maxEntries: 10, ttlSeconds: 300 });
    await cache.set(keyFor(), verdict());
    expect(await cache.get(keyFor(), MINUTE, CHECKED_AT + 1_000)).toEqual(verdict());
    expect(await cache.get(keyFor(NUMBER, { accountSid: OTHER_ACCOUNT }), MINUTE, CHECKED_AT)).toBeNull();
    expect(await cache.get(keyFor(NUMBER, { targetAccountSid: TARGET }), MINUTE, CHECKED_AT)).toBeNull();
    expect(await cache.get(keyFor("+14155550101"), MINUTE, CHECKED_AT)).toBeNull();
  });

  it("is a miss once the verdict is older than maxAgeMs, and a hit again for a caller who accepts older", async () => {
    const cache = new LruVerdictCache({ maxEntries: 10, ttlSeconds: 300 });
    await cache.set(keyFor(), verdict());
    expect(await cache.get(keyFor(), MINUTE, CHECKED_AT + MINUTE)).not.toBeNull();
    expect(await cache.get(keyFor(), MINUTE, CHECKED_AT + MINUTE + 1)).toBeNull();
    expect(await cache.get(keyFor(), 2 * MINUTE, CHECKED_AT + MINUTE + 1)).not.toBeNull();
  });

  it("drops a verdict older than the TTL, whatever maxAgeMs a caller accepts", async () => {
    const cache = new LruVerdictCache({ maxEntries: 10, ttlSeconds: 300 });
    await cache.set(keyFor(), verdict());
    expect(await cache.get(keyFor(), Number.POSITIVE_INFINITY, CHECKED_AT + 300_000)).not.toBeNull();
    expect(await cache.get(keyFor(), Number.POSITIVE_INFINITY, CHECKED_AT + 300_001)).toBeNull();
    expect(cache.size).toBe(0);
    expect(await cache.get(keyFor(), Number.POSITIVE_INFINITY, CHECKED_AT)).toBeNull();
  });

  it("holds at most maxEntries, pushing out the least recently used first", async () => {
    const cache = new LruVerdictCache({ maxEntries: 3, ttlSeconds: 300 });
    for (const i of [1, 2, 3]) await cache.set(keyFor(number(i)), verdict(portable(number(i))));
    // Reading 1 makes 2 the least recently used.
    expect(await cache.get(keyFor(number(1)), MINUTE, CHECKED_AT)).not.toBeNull();
    await cache.set(keyFor(number(4)), verdict(portable(number(4))));
    expect(cache.size).toBe(3);
    const present = [];
    for (const i of [1, 2, 3, 4]) present.push((await cache.get(keyFor(number(i)), MINUTE, CHECKED_AT)) !== null);
    expect(present).toEqual([true, false, true, true]);
  });

  it("stays at its bound under many more distinct numbers", async () => {
    const cache = new LruVerdictCache({ maxEntries: 100, ttlSeconds: 300 });
    for (let i = 0; i < 1_000; i += 1) await cache.set(keyFor(number(i)), verdict(portable(number(i))));
    expect(cache.size).toBe(100);
    expect(await cache.get(keyFor(number(999)), MINUTE, CHECKED_AT)).not.toBeNull();
    expect(await cache.get(keyFor(number(899)), MINUTE, CHECKED_AT)).toBeNull();
  });

  it("replaces an entry with a newer verdict for the same key", async () => {
    const cache = new LruVerdictCache({ maxEntries: 10, ttlSeconds: 300 });
    await cache.set(keyFor(), verdict());
    const later = verdict(notPortable(NUMBER, NotPortableReason.ALREADY_IN_TWILIO_DIFFERENT_OWNER, 22132), CHECKED_AT + MINUTE);
    await cache.set(keyFor(), later);
    expect(await cache.get(keyFor(), MINUTE, CHECKED_AT + MINUTE)).toEqual(later);
  });

  it("keeps nothing that must not be served again", async () => {
    const cache = new LruVerdictCache({ maxEntries: 10, ttlSeconds: 300 });
    await cache.set(keyFor(), verdict(notPortable(NUMBER, NotPortableReason.ERROR_INTERNAL_SERVER_ERROR, 22135)));
    await cache.set(keyFor(), failureAsVerdict());
    await cache.set(keyFor("nope"), verdict(notPortable("nope", NotPortableReason.INVALID_PHONE_NUMBER, 22102)));
    expect(cache.size).toBe(0);
  });

  it.each([
    [{ maxEntries: 0, ttlSeconds: 300 }, "maxEntries must be a whole number of at least 1, got 0"],
    [{ maxEntries: 10, ttlSeconds: 0 }, "ttlSeconds must be a whole number of at least 1, got 0"],
  ])("refuses %j", (options, message) => {
    expect(() => new LruVerdictCache(options)).toThrow(message);
  });
});
