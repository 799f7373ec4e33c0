import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckResult } from "../../../src/domain/check-result.js";
import type { JobStore, NewJob } from "../../../src/jobs/job.store.js";
import { MemoryJobStore } from "../../../src/jobs/memory-job.store.js";
import { RedisJobStore } from "../../../src/jobs/redis-job.store.js";
import { describeWithRedis } from "../../helpers/redis.js";

const verdict = (phoneNumber: string, portable = true): CheckResult => ({
  __typename: "Portability",
  phoneNumber,
  accountSid: null,
  portable,
  pinAndAccountNumberRequired: false,
  notPortableReason: null,
  notPortableReasonCode: null,
  numberType: "LOCAL" as never,
  country: "US",
  url: null,
  checkedAt: 1_767_225_600_000,
});

function newJob(id: string, idempotencyKey: string | null = null): NewJob {
  return { id, callerId: "alice", numbersPerMinute: null, total: 3, targetAccountSid: null, addressSid: null, defaultCountry: null, idempotencyKey, webhookUrl: null, createdAt: 1 };
}

/** The contract both stores keep; run against each. */
function storeContract(make: () => JobStore) {
  it("appends chunks at the job's completed only: a stale writer (a worker that lost its job) stores nothing", async () => {
    const store = make();
    await store.create(newJob("j1"), ["+14155550100", "+14155550107", "+14155550100"]);
    const chunk = { offset: 0, results: [verdict("+14155550100"), verdict("+14155550107", false)], counts: { portable: 1, notPortable: 1, failed: 0 }, verdicts: new Map([["+14155550100", verdict("+14155550100")]]) };
    expect(await store.appendChunk("j1", chunk)).toBe(true);
    expect(await store.appendChunk("j1", chunk)).toBe(false);
    expect(await store.get("j1")).toMatchObject({ status: "QUEUED", completed: 2, portable: 1, notPortable: 1, failed: 0 });
    expect((await store.results("j1", 0, 10)).map((row) => [row.input, row.result.phoneNumber])).toEqual([
      ["+14155550100", "+14155550100"],
      ["+14155550107", "+14155550107"],
    ]);
    expect([...(await store.verdicts("j1", ["+14155550100", "+14155550199"])).keys()]).toEqual(["+14155550100"]);
  });

  it("keeps a final status: RUNNING after CANCELLED stays CANCELLED, and startedAt is set once", async () => {
    const store = make();
    await store.create(newJob("j2"), ["+14155550100"]);
    expect(await store.markRunning("j2", 10)).toMatchObject({ status: "RUNNING", startedAt: 10 });
    expect(await store.markRunning("j2", 20)).toMatchObject({ status: "RUNNING", startedAt: 10 });
    expect(await store.finish("j2", "CANCELLED", 30)).toMatchObject({ status: "CANCELLED", finishedAt: 30 });
    expect(await store.finish("j2", "COMPLETED", 40)).toMatchObject({ status: "CANCELLED", finishedAt: 30 });
    expect(await store.markRunning("j2", 50)).toMatchObject({ status: "CANCELLED" });
    expect(await store.get("missing")).toBeNull();
  });

  it("returns the first job for an idempotency key already used by the caller", async () => {
    const store = make();
    const first = await store.create(newJob("j3", "k"), ["+14155550100"]);
    const again = await store.create(newJob("j4", "k"), ["+14155550101"]);
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, job: { id: "j3" } });
    expect(await store.get("j4")).toBeNull();
  });
}

describe("MemoryJobStore", () => storeContract(() => new MemoryJobStore()));

describeWithRedis("RedisJobStore", (redis) => {
  let client: Redis;
  beforeAll(() => {
    client = new Redis(redis.url);
  });
  afterAll(() => client.disconnect());
  storeContract(() => new RedisJobStore(client, redis.prefix(), 60));

  it("expires every key of a job after JOB_RETENTION_SECONDS", async () => {
    const prefix = redis.prefix();
    const store = new RedisJobStore(client, prefix, 60);
    await store.create(newJob("j5"), ["+14155550100"]);
    await store.appendChunk("j5", { offset: 0, results: [verdict("+14155550100")], counts: { portable: 1, notPortable: 0, failed: 0 }, verdicts: new Map([["+14155550100", verdict("+14155550100")]]) });
    const keys = await client.keys(`${prefix}*`);
    expect(keys.sort()).toEqual([`${prefix}job:j5`, `${prefix}job:j5:numbers`, `${prefix}job:j5:results`, `${prefix}job:j5:verdicts`]);
    for (const key of keys) expect(await client.ttl(key)).toBeGreaterThan(50);
  });
});
