import { elapsedMs, now } from "./stats.js";

/** Runs `once` `total` times from `concurrency` workers; returns requests per second. */
export async function closedLoop(total: number, concurrency: number, once: () => Promise<void>): Promise<number> {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      await once();
    }
  };
  const start = now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / (elapsedMs(start) / 1000);
}

/** Runs `once` `count` times in sequence and returns each call's latency in ms. */
export async function sequentialLatencies(count: number, once: () => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = now();
    await once();
    samples.push(elapsedMs(start));
  }
  return samples;
}

/**
 * Runs `once` from `concurrency` workers until `durationMs` has passed (requests in flight then are
 * let finish and counted); returns how many completed.
 */
export async function timedLoop(durationMs: number, concurrency: number, once: () => Promise<void>): Promise<number> {
  const end = now() + BigInt(Math.round(durationMs * 1e6));
  let completed = 0;
  const worker = async () => {
    while (now() < end) {
      await once();
      completed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return completed;
}
