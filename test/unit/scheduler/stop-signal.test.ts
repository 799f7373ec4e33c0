import { describe, expect, it } from "vitest";
import { onAbort, pause, RequestStop } from "../../../src/scheduler/stop-signal.js";

describe("onAbort on an AbortSignal: many subscribers on one signal", () => {
  it("calls every subscriber once, in the order they subscribed, with one EventTarget listener on the signal", () => {
    const controller = new AbortController();
    const calls: number[] = [];
    let added = 0;
    const addEventListener = controller.signal.addEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<typeof addEventListener>) => {
      added += 1;
      addEventListener(...args);
    }) as typeof addEventListener;
    for (let i = 0; i < 1_000; i++) onAbort(controller.signal, () => calls.push(i));
    expect(added).toBe(1);
    controller.abort();
    controller.abort();
    expect(calls).toEqual([...Array(1_000).keys()]);
  });

  it("does not call a subscriber that unsubscribed, and leaves the others subscribed", () => {
    const controller = new AbortController();
    const calls: string[] = [];
    const offA = onAbort(controller.signal, () => calls.push("a"));
    onAbort(controller.signal, () => calls.push("b"));
    offA();
    offA();
    controller.abort();
    expect(calls).toEqual(["b"]);
  });

  it("calls a subscriber at once when the signal has already aborted", () => {
    const controller = new AbortController();
    controller.abort();
    const calls: string[] = [];
    const off = onAbort(controller.signal, () => calls.push("late"));
    expect(calls).toEqual(["late"]);
    off();
  });

  it("lets a subscriber unsubscribe another during the abort, and keeps signals apart", () => {
    const first = new AbortController();
    const second = new AbortController();
    const calls: string[] = [];
    let offB: () => void = () => {};
    onAbort(first.signal, () => {
      calls.push("a");
      offB();
    });
    offB = onAbort(first.signal, () => calls.push("b"));
    onAbort(second.signal, () => calls.push("other"));
    first.abort();
    expect(calls).toEqual(["a"]);
    second.abort();
    expect(calls).toEqual(["a", "other"]);
  });
});

describe("RequestStop and pause", () => {
  it("RequestStop calls its subscribers once, in order, keeps the first reason, and skips the unsubscribed", () => {
    const stop = new RequestStop();
    const calls: string[] = [];
    onAbort(stop, () => calls.push("a"));
    const offB = onAbort(stop, () => calls.push("b"));
    onAbort(stop, () => calls.push("c"));
    offB();
    expect(stop.aborted).toBe(false);
    stop.abort("first");
    stop.abort("second");
    expect(calls).toEqual(["a", "c"]);
    expect(stop.reason).toBe("first");
    onAbort(stop, () => calls.push("late"));
    expect(calls).toEqual(["a", "c", "late"]);
  });

  it("pause resolves after its time, or rejects with the stop's reason as soon as it stops", async () => {
    const stop = new RequestStop();
    await expect(pause(5, stop)).resolves.toBeUndefined();
    const started = performance.now();
    const paused = pause(10_000, stop);
    setTimeout(() => stop.abort("gone"), 5);
    await expect(paused).rejects.toBe("gone");
    expect(performance.now() - started).toBeLessThan(5_000);
    const controller = new AbortController();
    controller.abort("already");
    await expect(pause(10_000, controller.signal)).rejects.toBe("already");
  });
});
