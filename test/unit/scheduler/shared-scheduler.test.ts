import { expect, it } from "vitest";
import { describeWithRedis } from "../../helpers/redis.js";
import { ACCOUNT, connect, InFlightProbe, instance, OK, sleep, ticket } from "./instances.js";

describeWithRedis("two UpstreamSchedulers sharing one Redis and prefix", (redis) => {
  it("never have more than UPSTREAM_CONCURRENCY granted together, and both keep being served", async () => {
    const keyPrefix = redis.prefix();
    const [a, b] = [await instance(redis.url, keyPrefix, 5), await instance(redis.url, keyPrefix, 5)];
    const probe = new InFlightProbe();
    const served = { a: 0, b: 0 };
    const runs = [
      ...Array.from({ length: 60 }, () => probe.run(a, 3).then(() => (served.a += 1))),
      ...Array.from({ length: 60 }, () => probe.run(b, 3).then(() => (served.b += 1))),
    ];
    await Promise.all(runs);
    // Alone, each would hold 5: 10 together. The cap is the cluster's.
    expect(probe.max).toBeLessThanOrEqual(5);
    expect(probe.max).toBeGreaterThanOrEqual(4);
    expect(served).toEqual({ a: 60, b: 60 });
    expect([a.sharedState, b.sharedState]).toEqual(["shared", "shared"]);
    expect([a.inFlight, b.inFlight, a.waiting, b.waiting]).toEqual([0, 0, 0, 0]);
    // Every lease was given back (releases are sent without waiting: give them a moment).
    await sleep(20);
    expect(await (await connect(redis.url)).client.zcard(`${keyPrefix}semaphore:slots:${ACCOUNT}`)).toBe(0);
  });

  it("instances on another prefix share nothing", async () => {
    const a = await instance(redis.url, redis.prefix(), 2);
    const b = await instance(redis.url, redis.prefix(), 2);
    const held = await Promise.all([a.acquire(ticket()), a.acquire(ticket()), b.acquire(ticket()), b.acquire(ticket())]);
    expect([a.inFlight, b.inFlight]).toEqual([2, 2]);
    for (const permit of held) permit.release(OK);
  });

  it("a 429 with Retry-After seen by one pauses the other", async () => {
    const keyPrefix = redis.prefix();
    const [a, b] = [await instance(redis.url, keyPrefix, 4), await instance(redis.url, keyPrefix, 4)];
    (await b.acquire(ticket())).release(OK);
    (await a.acquire(ticket())).release({ kind: "rate-limited", retryAfterMs: 600 });
    const rateLimitedAt = performance.now();
    // Past B's refresh interval, so its next grant reads the pause first.
    await sleep(150);
    await b.acquire(ticket()).then((permit) => permit.release(OK));
    const waited = performance.now() - rateLimitedAt;
    expect(waited).toBeGreaterThanOrEqual(550);
    expect(waited).toBeLessThan(1_000);
  });

  it("a limit lowered by a 429 at one is capped at what the cluster holds, and is the other's limit and lease limit too", async () => {
    const keyPrefix = redis.prefix();
    const [a, b] = [await instance(redis.url, keyPrefix, 8), await instance(redis.url, keyPrefix, 8)];
    const permits = await Promise.all([a.acquire(ticket()), a.acquire(ticket()), b.acquire(ticket()), b.acquire(ticket())]);
    // 8 halves to 4 at once, then is capped at the 3 still in flight across both (A's own 1 would give
    // 2, the quarter floor).
    permits[0]!.release({ kind: "rate-limited", retryAfterMs: null });
    expect(a.limit).toBe(4);
    await sleep(150);
    expect(a.limit).toBe(3);
    for (const permit of permits.slice(1)) permit.release(OK);
    expect(b.limit).toBe(8);
    const probe = new InFlightProbe();
    await Promise.all(Array.from({ length: 20 }, () => probe.run(b, 3)));
    expect(b.limit).toBe(3);
    expect(probe.max).toBeLessThanOrEqual(3);
  });

  it("a waiter that leaves while its lease is on the way holds no slot: the next one gets it", async () => {
    const keyPrefix = redis.prefix();
    const a = await instance(redis.url, keyPrefix, 1);
    const controller = new AbortController();
    const leaving = a.acquire(ticket("leaving", {}, controller.signal));
    const staying = a.acquire(ticket("staying"));
    controller.abort(new Error("gone"));
    await expect(leaving).rejects.toThrow("gone");
    const permit = await staying;
    expect([a.inFlight, a.waiting]).toEqual([1, 0]);
    permit.release(OK);
  });
});
