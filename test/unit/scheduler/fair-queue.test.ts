import { describe, expect, it } from "vitest";
import { FairQueue, type Priority, type Waiter } from "../../../src/scheduler/fair-queue.js";

interface Named extends Waiter {
  readonly name: string;
}

const requestA1 = {};
const requestA2 = {};
const requestB = {};
const job = {};

function waiter(name: string, caller: string, group: object, priority: Priority = "interactive"): Named {
  return { name, caller, group, priority };
}

function drainNames(queue: FairQueue<Named>): string[] {
  return queue.drain().map((served) => served.name);
}

describe("FairQueue", () => {
  it("serves one waiter per caller in turn, whatever their queue lengths", () => {
    const queue = new FairQueue<Named>();
    for (let i = 1; i <= 5; i += 1) queue.push(waiter(`a${i}`, "partner", requestA1));
    queue.push(waiter("b1", "frontend", requestB));
    expect(queue.size).toBe(6);
    expect(drainNames(queue)).toEqual(["a1", "b1", "a2", "a3", "a4", "a5"]);
    expect(queue.size).toBe(0);
  });

  it("serves a single check arriving behind thousands after at most one turn of each other caller", () => {
    const queue = new FairQueue<Named>();
    for (let i = 0; i < 5_000; i += 1) queue.push(waiter(`a${i}`, "partner", requestA1));
    expect(queue.shift()!.name).toBe("a0");
    queue.push(waiter("single", "frontend", requestB));
    expect([queue.shift()!.name, queue.shift()!.name]).toEqual(["a1", "single"]);
  });

  it("takes turns across one caller's requests", () => {
    const queue = new FairQueue<Named>();
    for (const name of ["x1", "x2", "x3"]) queue.push(waiter(name, "partner", requestA1));
    for (const name of ["y1", "y2"]) queue.push(waiter(name, "partner", requestA2));
    expect(drainNames(queue)).toEqual(["x1", "y1", "x2", "y2", "x3"]);
  });

  it("serves bulk waiters only while no interactive one waits", () => {
    const queue = new FairQueue<Named>();
    queue.push(waiter("j1", "partner", job, "bulk"));
    queue.push(waiter("j2", "partner", job, "bulk"));
    queue.push(waiter("i1", "partner", requestA1));
    expect(queue.shift()!.name).toBe("i1");
    expect(queue.shift()!.name).toBe("j1");
    queue.push(waiter("i2", "frontend", requestB));
    expect(drainNames(queue)).toEqual(["i2", "j2"]);
  });

  it("puts a retry before its request's unstarted waiters", () => {
    const queue = new FairQueue<Named>();
    queue.push(waiter("a1", "partner", requestA1));
    queue.push(waiter("retry", "partner", requestA1), true);
    expect(drainNames(queue)).toEqual(["retry", "a1"]);
  });

  it("removes a cancelled waiter, and forgets a caller left with none", () => {
    const queue = new FairQueue<Named>();
    const gone = waiter("gone", "partner", requestA1);
    queue.push(gone);
    queue.push(waiter("b1", "frontend", requestB));
    expect(queue.remove(gone)).toBe(true);
    expect(queue.remove(gone)).toBe(false);
    expect(queue.size).toBe(1);
    expect(drainNames(queue)).toEqual(["b1"]);
    expect(queue.shift()).toBeUndefined();
  });
});
