import { expect, it } from "vitest";
import { SharedLimits } from "../../../src/scheduler/shared-limits.js";
import { describeWithRedis } from "../../helpers/redis.js";
import { ACCOUNT, prefixedClient, sleep } from "./instances.js";

async function limitsOn(url: string, keyPrefix: string, limitTtlMs = 5_000) {
  const { client, raw } = await prefixedClient(url, keyPrefix);
  return { limits: new SharedLimits({ client, accountSid: ACCOUNT, limitTtlMs }), raw };
}

describeWithRedis("SharedLimits on a real Redis", (redis) => {
  it("reads nothing published as no limit and no pause", async () => {
    const { limits } = await limitsOn(redis.url, redis.prefix());
    expect(await limits.read()).toEqual({ limit: null, pauseMs: 0 });
  });

  it("a published limit is read by another instance until its TTL ends", async () => {
    const keyPrefix = redis.prefix();
    const writer = await limitsOn(redis.url, keyPrefix, 200);
    const reader = await limitsOn(redis.url, keyPrefix, 200);
    await writer.limits.publishLimit(7);
    expect((await reader.limits.read()).limit).toBe(7);
    expect(await writer.raw.get(`${keyPrefix}limit:${ACCOUNT}`)).toBe("7");
    await sleep(250);
    expect((await reader.limits.read()).limit).toBeNull();
  });

  it("a pause is lengthened by a longer one, never shortened by a shorter one", async () => {
    const keyPrefix = redis.prefix();
    const { limits } = await limitsOn(redis.url, keyPrefix);
    await limits.publishPause(1_000);
    await limits.publishPause(100);
    expect((await limits.read()).pauseMs).toBeGreaterThan(900);
    await limits.publishPause(3_000);
    expect((await limits.read()).pauseMs).toBeGreaterThan(2_900);
  });

  it.each([["0"], ["-3"], ["2.5"], ["many"]])("reads a limit of %s at the key as no limit", async (value) => {
    const keyPrefix = redis.prefix();
    const { limits, raw } = await limitsOn(redis.url, keyPrefix);
    await raw.set(`${keyPrefix}limit:${ACCOUNT}`, value, "PX", 5_000);
    expect((await limits.read()).limit).toBeNull();
  });
});
