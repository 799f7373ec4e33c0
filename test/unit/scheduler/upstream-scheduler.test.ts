import { describe, expect, it } from "vitest";
import { CheckStopped } from "../../../src/checker/stop-reason.js";
import { UpstreamScheduler, type Permit, type Ticket } from "../../../src/scheduler/upstream-scheduler.js";

const OK = { kind: "ok" } as const;
const NEUTRAL = { kind: "neutral" } as const;

function ticket(caller: string, group: object = {}, signal = new AbortController().signal): Ticket {
  return { caller, group, priority: "interactive", signal };
}

/** Resolves on the next macrotask: every grant the scheduler makes synchronously has been made. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("UpstreamScheduler", () => {
  it("grants at most the limit at once and the next waiter as soon as a slot is released", async () => {
    const scheduler = new UpstreamScheduler({ ceiling: 2 });
    const granted: Permit[] = [];
    const group = {};
    for (let i = 0; i < 5; i += 1) void scheduler.acquire(ticket("a", group)).then((permit) => granted.push(permit));
    await settle();
    expect([granted.length, scheduler.inFlight, scheduler.waiting]).toEqual([2, 2, 3]);
    granted[0]!.release(OK);
    granted[0]!.release(OK); // a second release is ignored
    await settle();
    expect([granted.length, scheduler.inFlight, scheduler.waiting]).toEqual([3, 2, 2]);
  });

  it("without a shared store, grants a free slot in the same tick: no Redis round trip, no await on the way", async () => {
    const scheduler = new UpstreamScheduler({ ceiling: 1 });
    let granted = false;
    void scheduler.acquire(ticket("a")).then(() => (granted = true));
    await Promise.resolve();
    expect([granted, scheduler.inFlight, scheduler.sharedState]).toEqual([true, 1, null]);
  });

  it("serves a late single check after at most one more slot of a large request's queue", async () => {
    const scheduler = new UpstreamScheduler({ ceiling: 1 });
    const order: string[] = [];
    const batch = {};
    const permits: Permit[] = [];
    for (let i = 0; i < 100; i += 1) void scheduler.acquire(ticket("partner", batch)).then((permit) => (order.push(`batch${i}`), permits.push(permit)));
    await settle();
    void scheduler.acquire(ticket("frontend")).then((permit) => (order.push("single"), permits.push(permit)));
    for (let i = 0; i < 3; i += 1) {
      permits.at(-1)!.release(OK);
      await settle();
    }
    // Round-robin puts a newly arrived caller behind the one being served: one turn, then its own.
    expect(order).toEqual(["batch0", "batch1", "single", "batch2"]);
  });

  it("takes an aborted waiter out of the queue at once and rejects it with the signal's reason", async () => {
    const scheduler = new UpstreamScheduler({ ceiling: 1 });
    const first = await scheduler.acquire(ticket("a"));
    const controller = new AbortController();
    const waiting = scheduler.acquire(ticket("b", {}, controller.signal));
    expect(scheduler.waiting).toBe(1);
    const reason = new CheckStopped("disconnected");
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(scheduler.waiting).toBe(0);
    first.release(NEUTRAL);
    expect(scheduler.inFlight).toBe(0);
    await expect(scheduler.acquire(ticket("c", {}, controller.signal))).rejects.toBe(reason);
  });

  it("shrinks the limit on a 429 and pauses every new grant for the Retry-After", async () => {
    let now = 1_000;
    const scheduler = new UpstreamScheduler({ ceiling: 4, now: () => now });
    const permits = await Promise.all([0, 1, 2, 3].map((i) => scheduler.acquire(ticket(`c${i}`))));
    permits[0]!.release({ kind: "rate-limited", retryAfterMs: 200 });
    expect(scheduler.limit).toBe(2);
    expect(scheduler.pauseRemainingMs).toBe(200);
    for (const permit of permits.slice(1)) permit.release(NEUTRAL);
    let granted = false;
    void scheduler.acquire(ticket("other")).then(() => (granted = true));
    await settle();
    expect(granted).toBe(false);
    now += 200;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(granted).toBe(true);
    scheduler.close();
  });

  it("fails every waiter when asked (the breaker opened), leaving slots in flight alone", async () => {
    const scheduler = new UpstreamScheduler({ ceiling: 1 });
    const held = await scheduler.acquire(ticket("a"));
    const error = new Error("open");
    const waiting = [scheduler.acquire(ticket("b")), scheduler.acquire(ticket("c"))];
    scheduler.rejectWaiting(error);
    for (const pending of waiting) await expect(pending).rejects.toBe(error);
    expect([scheduler.inFlight, scheduler.waiting]).toEqual([1, 0]);
    held.release(OK);
  });
});
