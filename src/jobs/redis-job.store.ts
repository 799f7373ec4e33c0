import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { CheckResult } from "../domain/check-result.js";
import type { Job, JobResult, JobStatus } from "./job.js";
import type { ChunkWrite, JobStore, NewJob } from "./job.store.js";

/** RPUSH arguments per command: 100,000 numbers in one command would block Redis and build a huge buffer. */
const PUSH_BATCH = 5_000;

/**
 * Appends a chunk only if the job's `completed` is still the chunk's offset, and updates the counts
 * in the same step. A worker that stalled, lost its job to another and then woke up writes nothing,
 * and a worker killed between two commands cannot leave results without progress (or the reverse).
 *   KEYS: job hash, results list, verdicts hash, numbers list
 *   ARGV: offset, ttl, portable, notPortable, failed, result count, results…, then key/verdict pairs
 */
const APPEND_CHUNK = `
local completed = tonumber(redis.call('HGET', KEYS[1], 'completed'))
if completed == nil or completed ~= tonumber(ARGV[1]) then return 0 end
local count = tonumber(ARGV[6])
local first = 7
local i = first
while i < first + count do
  local last = math.min(i + 999, first + count - 1)
  redis.call('RPUSH', KEYS[2], unpack(ARGV, i, last))
  i = last + 1
end
local j = first + count
while j <= #ARGV do
  local last = math.min(j + 1999, #ARGV)
  redis.call('HSET', KEYS[3], unpack(ARGV, j, last))
  j = last + 1
end
redis.call('HINCRBY', KEYS[1], 'completed', count)
redis.call('HINCRBY', KEYS[1], 'portable', ARGV[3])
redis.call('HINCRBY', KEYS[1], 'notPortable', ARGV[4])
redis.call('HINCRBY', KEYS[1], 'failed', ARGV[5])
for k = 1, 4 do redis.call('EXPIRE', KEYS[k], ARGV[2]) end
return 1
`;

/** Sets a status unless the job already has a final one (QUEUED → RUNNING keeps the first startedAt). */
const SET_STATUS = `
local status = redis.call('HGET', KEYS[1], 'status')
if status == false then return 0 end
if status == 'COMPLETED' or status == 'CANCELLED' or status == 'FAILED' then return 1 end
redis.call('HSET', KEYS[1], 'status', ARGV[1])
if ARGV[1] == 'RUNNING' then
  if redis.call('HGET', KEYS[1], 'startedAt') == '' then redis.call('HSET', KEYS[1], 'startedAt', ARGV[2]) end
else
  redis.call('HSET', KEYS[1], 'finishedAt', ARGV[2])
end
return 1
`;

/**
 * Jobs on Redis, so they survive restarts and any worker can resume one. Per job, all expiring
 * JOB_RETENTION_SECONDS after the last write:
 *   `<prefix>job:<id>`           hash: the job's fixed fields (JSON) and its progress
 *   `<prefix>job:<id>:numbers`   list: the numbers as given, in input order
 *   `<prefix>job:<id>:results`   list: one JSON result per number, in input order (appended per chunk)
 *   `<prefix>job:<id>:verdicts`  hash: dedupe key → JSON result, so a repeat later in the job costs no call
 *   `<prefix>job-idempotency:<sha256(caller, key)>` → job id
 * Nothing is read whole: results are read by index ranges (LRANGE), a page or a CSV slice at a time.
 */
export class RedisJobStore implements JobStore {
  constructor(
    private readonly client: Redis,
    private readonly keyPrefix: string,
    private readonly retentionSeconds: number,
  ) {}

  async create(job: NewJob, numbers: readonly string[]): Promise<{ job: Job; created: boolean }> {
    const stored: Job = { ...job, status: "QUEUED", completed: 0, portable: 0, notPortable: 0, failed: 0, startedAt: null, finishedAt: null };
    const keys = this.keys(job.id);
    const ttl = this.retentionSeconds;
    const write = this.client.multi();
    for (let start = 0; start < numbers.length; start += PUSH_BATCH) write.rpush(keys.numbers, ...numbers.slice(start, start + PUSH_BATCH));
    write.hset(keys.job, toHash(stored));
    for (const key of [keys.job, keys.numbers]) write.expire(key, ttl);
    await write.exec();
    if (job.idempotencyKey === null) return { job: stored, created: true };
    // Written after the job, so a second request that finds the key also finds its job.
    const idempotency = `${this.keyPrefix}job-idempotency:${createHash("sha256").update(`${job.callerId}\n${job.idempotencyKey}`).digest("hex")}`;
    const claimed = await this.client.set(idempotency, job.id, "EX", ttl, "NX");
    if (claimed === "OK") return { job: stored, created: true };
    await this.client.unlink(keys.job, keys.numbers);
    const firstId = await this.client.get(idempotency);
    const first = firstId === null ? null : await this.get(firstId);
    if (first === null) throw new Error("idempotency key points at a job that expired; retry");
    return { job: first, created: false };
  }

  async get(id: string): Promise<Job | null> {
    const hash = await this.client.hgetall(this.keys(id).job);
    return hash.fixed === undefined ? null : fromHash(hash);
  }

  markRunning(id: string, now: number): Promise<Job | null> {
    return this.setStatus(id, "RUNNING", now);
  }

  finish(id: string, status: JobStatus, now: number): Promise<Job | null> {
    return this.setStatus(id, status, now);
  }

  numbers(id: string, offset: number, count: number): Promise<string[]> {
    if (count <= 0) return Promise.resolve([]);
    return this.client.lrange(this.keys(id).numbers, offset, offset + count - 1);
  }

  async results(id: string, offset: number, count: number): Promise<JobResult[]> {
    if (count <= 0) return [];
    const keys = this.keys(id);
    const [results, numbers] = await Promise.all([
      this.client.lrange(keys.results, offset, offset + count - 1),
      this.client.lrange(keys.numbers, offset, offset + count - 1),
    ]);
    return results.map((text, index) => ({ input: numbers[index]!, result: JSON.parse(text) as CheckResult }));
  }

  async verdicts(id: string, keys: readonly string[]): Promise<Map<string, CheckResult>> {
    const found = new Map<string, CheckResult>();
    if (keys.length === 0) return found;
    const values = await this.client.hmget(this.keys(id).verdicts, ...keys);
    values.forEach((value, index) => {
      if (value !== null) found.set(keys[index]!, JSON.parse(value) as CheckResult);
    });
    return found;
  }

  async appendChunk(id: string, chunk: ChunkWrite): Promise<boolean> {
    const keys = this.keys(id);
    const { counts } = chunk;
    const args: (string | number)[] = [chunk.offset, this.retentionSeconds, counts.portable, counts.notPortable, counts.failed, chunk.results.length];
    for (const result of chunk.results) args.push(JSON.stringify(result));
    for (const [key, verdict] of chunk.verdicts) args.push(key, JSON.stringify(verdict));
    const applied = await this.client.eval(APPEND_CHUNK, 4, keys.job, keys.results, keys.verdicts, keys.numbers, ...args);
    return applied === 1;
  }

  async close(): Promise<void> {}

  private async setStatus(id: string, status: JobStatus, now: number): Promise<Job | null> {
    const found = await this.client.eval(SET_STATUS, 1, this.keys(id).job, status, now);
    return found === 1 ? this.get(id) : null;
  }

  private keys(id: string) {
    const job = `${this.keyPrefix}job:${id}`;
    return { job, numbers: `${job}:numbers`, results: `${job}:results`, verdicts: `${job}:verdicts` };
  }
}

/** The fixed fields as one JSON value; progress as separate fields, so the scripts can increment them. */
function toHash(job: Job): Record<string, string | number> {
  const { status, completed, portable, notPortable, failed, startedAt, finishedAt, ...fixed } = job;
  return { fixed: JSON.stringify(fixed), status, completed, portable, notPortable, failed, startedAt: startedAt ?? "", finishedAt: finishedAt ?? "" };
}

function fromHash(hash: Record<string, string>): Job {
  const fixed = JSON.parse(hash.fixed!) as Omit<Job, "status" | "completed" | "portable" | "notPortable" | "failed" | "startedAt" | "finishedAt">;
  const time = (value: string | undefined) => (value === undefined || value === "" ? null : Number(value));
  return {
    ...fixed,
    status: hash.status as JobStatus,
    completed: Number(hash.completed),
    portable: Number(hash.portable),
    notPortable: Number(hash.notPortable),
    failed: Number(hash.failed),
    startedAt: time(hash.startedAt),
    finishedAt: time(hash.finishedAt),
  };
}

