import { describe, expect, it } from "vitest";
import { CallerRateLimits } from "../../../src/auth/rate-limits.js";
import type { PortabilityChecker } from "../../../src/checker/portability-checker.js";
import { JobRunner } from "../../../src/jobs/job.runner.js";
import { MemoryJobStore } from "../../../src/jobs/memory-job.store.js";
import { tightHeapHolds } from "../../../src/runtime/heap-growth.js";
import { portable } from "../cache/verdicts.js";

/** A checker whose checks wait until the test lets them answer. */
function heldChecker() {
  const waiting: Array<() => void> = [];
  let started!: () => void;
  const firstStarted = new Promise<void>((resolve) => (started = resolve));
  const checker: PortabilityChecker = {
    check: (request) =>
      new Promise((resolve) => {
        waiting.push(() => resolve(portable(request.phoneNumber)));
        started();
      }),
  };
  return { checker, firstStarted, answerAll: () => waiting.splice(0).forEach((answer) => answer()) };
}

async function jobOf(store: MemoryJobStore, id: string, numbers: string[]): Promise<void> {
  await store.create(
    { id, callerId: "alice", numbersPerMinute: null, total: numbers.length, targetAccountSid: null, addressSid: null, defaultCountry: null, idempotencyKey: null, webhookUrl: null, createdAt: 1 },
    numbers,
  );
}

describe("JobRunner and heap growth", () => {
  it("holds the tight heap growth for the whole run, and lets go when the run ends, however it ends", async () => {
    const store = new MemoryJobStore();
    const numbers = ["+14155550100", "+14155550101", "+14155550102"];
    await jobOf(store, "finishes", numbers);
    await jobOf(store, "stopped", numbers);
    const finishing = heldChecker();
    const runner = (checker: PortabilityChecker) => new JobRunner({ store, checker, rateLimits: new CallerRateLimits(), chunkSize: 2, checksInFlight: 2 });

    const run = runner(finishing.checker).run("finishes", new AbortController().signal);
    await finishing.firstStarted;
    expect(tightHeapHolds()).toBe(1);
    // Answer chunk after chunk until the run is over.
    const answering = setInterval(finishing.answerAll, 1);
    const { end } = await run.finally(() => clearInterval(answering));
    expect(end).toBe("finished");
    expect(tightHeapHolds()).toBe(0);

    const stopping = heldChecker();
    const shutdown = new AbortController();
    const stopped = runner(stopping.checker).run("stopped", shutdown.signal);
    await stopping.firstStarted;
    expect(tightHeapHolds()).toBe(1);
    shutdown.abort(new Error("shutting down"));
    stopping.answerAll();
    expect((await stopped).end).toBe("stopped");
    expect(tightHeapHolds()).toBe(0);
  });
});
