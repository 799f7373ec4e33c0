import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";

/**
 * The bench's own view of the Redis the layer shares state on (REDIS_URL): is it there, a fresh key
 * prefix per run, and the keys under that prefix removed afterwards. Loopback only; nothing else in
 * Redis is read or touched.
 */
/** BENCH_REDIS_URL, default redis://127.0.0.1:6379; loopback only (checked by probeRedis). */
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL || "redis://127.0.0.1:6379";

function loopbackOnly(url: string): string {
  const { protocol, hostname } = new URL(url);
  if (protocol !== "redis:" || !["127.0.0.1", "localhost", "[::1]"].includes(hostname)) {
    throw new Error(`BENCH_REDIS_URL must be redis:// on loopback (the bench stays on 127.0.0.1), got ${url}`);
  }
  return url;
}

export interface RedisProbe {
  readonly url: string;
  /** Redis's own process id (INFO server), for its CPU from /proc; null when it does not say. */
  readonly pid: number | null;
  /** Deletes every key under `prefix` (SCAN MATCH, so only what this run wrote); returns how many. */
  removePrefix(prefix: string): Promise<number>;
  close(): Promise<void>;
}

/** Null when Redis does not answer PING within `timeoutMs`: the scenario prints a skip line. */
export async function probeRedis(url = BENCH_REDIS_URL, timeoutMs = 1_000): Promise<RedisProbe | null> {
  loopbackOnly(url);
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, commandTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  client.on("error", () => {});
  try {
    await client.connect();
    if ((await client.ping()) !== "PONG") throw new Error("no PONG");
  } catch {
    client.disconnect();
    return null;
  }
  const info = await client.info("server").catch(() => "");
  const pid = /^process_id:(\d+)/m.exec(info);
  return {
    url,
    pid: pid === null ? null : Number(pid[1]),
    async removePrefix(prefix) {
      let removed = 0;
      let cursor = "0";
      do {
        const [next, keys] = await client.scan(cursor, "MATCH", `${globEscape(prefix)}*`, "COUNT", 1_000);
        cursor = next;
        if (keys.length > 0) removed += await client.del(...keys);
      } while (cursor !== "0");
      return removed;
    },
    close: async () => void (await client.quit().catch(() => client.disconnect())),
  };
}

/** `bench-<12 hex>:`: REDIS_KEY_PREFIX allows letters, digits and ":_.-". */
export function freshPrefix(): string {
  return `bench-${randomBytes(6).toString("hex")}:`;
}

function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}
