import { expect, it } from "vitest";
import { ClusterSlots } from "../../../src/scheduler/cluster-slots.js";
import { describeWithRedis } from "../../helpers/redis.js";
import { ACCOUNT, prefixedClient, sleep } from "./instances.js";

async function slotsOn(url: string, keyPrefix: string, leaseMs = 5_000) {
  const { client, raw } = await prefixedClient(url, keyPrefix);
  const releaseErrors: unknown[] = [];
  const slots = new ClusterSlots({ client, accountSid: ACCOUNT, leaseMs, onReleaseError: (error) => releaseErrors.push(error) });
  return { slots, raw, releaseErrors };
}

describeWithRedis("ClusterSlots on a real Redis", (redis) => {
  it("leases up to the limit given with each try, under <prefix>semaphore:slots:<account>, and a release frees one", async () => {
    const keyPrefix = redis.prefix();
    const { slots, raw, releaseErrors } = await slotsOn(redis.url, keyPrefix);
    const leases = [await slots.tryLease(2), await slots.tryLease(2)];
    expect(leases.every((lease) => lease !== null)).toBe(true);
    expect(await slots.tryLease(2)).toBeNull();
    // The limit is per try: the adaptive limit can rise or fall between two grants.
    expect(await slots.tryLease(3)).not.toBeNull();
    expect(await raw.keys(`${keyPrefix}*`)).toEqual([`${keyPrefix}semaphore:slots:${ACCOUNT}`]);
    leases[0]!.release();
    expect(await slots.tryLease(3)).not.toBeNull();
    expect(await raw.zcard(`${keyPrefix}semaphore:slots:${ACCOUNT}`)).toBe(3);
    expect(releaseErrors).toEqual([]);
  });

  it("gives back the slots of an instance that died holding them, after leaseMs", async () => {
    const keyPrefix = redis.prefix();
    const dead = await slotsOn(redis.url, keyPrefix, 300);
    const alive = await slotsOn(redis.url, keyPrefix, 300);
    expect(await dead.slots.tryLease(1)).not.toBeNull();
    expect(await alive.slots.tryLease(1)).toBeNull();
    await sleep(350);
    expect(await alive.slots.tryLease(1)).not.toBeNull();
  });

  it("keeps accounts apart", async () => {
    const keyPrefix = redis.prefix();
    const { slots } = await slotsOn(redis.url, keyPrefix);
    const { client } = await prefixedClient(redis.url, keyPrefix);
    const other = new ClusterSlots({ client, accountSid: `AC${"b".repeat(32)}`, leaseMs: 5_000, onReleaseError: () => {} });
    expect(await slots.tryLease(1)).not.toBeNull();
    expect(await other.tryLease(1)).not.toBeNull();
  });
});
