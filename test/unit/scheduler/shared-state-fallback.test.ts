import { afterEach, expect, it } from "vitest";
import type { UpstreamScheduler } from "../../../src/scheduler/upstream-scheduler.js";
import { describeWithRedisServer, startRedisServer, type OwnedRedisServer } from "../../helpers/redis.js";
import { InFlightProbe, instance, sleep, waitForState } from "./instances.js";

const servers: OwnedRedisServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const CAP = 4;
const HOLD_MS = 5;

/** `count` attempts on each instance, holding HOLD_MS; the combined and per-instance peaks, and how long it took. */
async function drive(schedulers: readonly UpstreamScheduler[], count: number, during?: () => Promise<void>) {
  const combined = new InFlightProbe();
  const own = schedulers.map(() => new InFlightProbe());
  const started = performance.now();
  const runs = schedulers.flatMap((scheduler, i) => Array.from({ length: count }, () => combined.run(scheduler, HOLD_MS, own[i])));
  await during?.();
  await Promise.all(runs);
  return { combined: combined.max, own: own.map((probe) => probe.max), elapsedMs: performance.now() - started };
}

describeWithRedisServer("shared upstream limits when Redis goes away", () => {
  it("stopped mid-run: both keep granting under their local caps, report local, and are shared again once it is back", async () => {
    const server = await startRedisServer();
    servers.push(server);
    const errors: unknown[] = [];
    const pair = [await instance(server.url, "p:", CAP, { errors }), await instance(server.url, "p:", CAP, { errors })];
    expect((await drive(pair, 20)).combined).toBeLessThanOrEqual(CAP);

    const down = await drive(pair, 40, async () => {
      await sleep(15);
      await server.stop("SIGKILL");
    });
    expect(pair.map((scheduler) => scheduler.sharedState)).toEqual(["local", "local"]);
    expect(errors.length).toBeGreaterThan(0);
    expect(Math.max(...down.own)).toBeLessThanOrEqual(CAP);
    // 80 attempts of 5 ms on 2 × 4 local slots: about 50 ms of work, nothing waiting on Redis.
    expect(down.elapsedMs).toBeLessThan(1_000);
    const local = await drive(pair, 40);
    expect(local.combined).toBeGreaterThan(CAP);
    expect(Math.max(...local.own)).toBeLessThanOrEqual(CAP);

    await server.start();
    for (const scheduler of pair) await waitForState(scheduler, "shared", 5_000);
    expect((await drive(pair, 40)).combined).toBeLessThanOrEqual(CAP);
  });

  it("hung (SIGSTOP): a grant waits no longer than the command timeout, then both go local; resumed: shared again", async () => {
    const server = await startRedisServer();
    servers.push(server);
    const pair = [await instance(server.url, "p:", CAP), await instance(server.url, "p:", CAP)];
    server.pause();
    // Past the refresh interval, so the first grants do ask Redis.
    await sleep(120);
    const hung = await drive(pair, 20);
    expect(pair.map((scheduler) => scheduler.sharedState)).toEqual(["local", "local"]);
    // One 250 ms command timeout, then 40 attempts on 8 local slots.
    expect(hung.elapsedMs).toBeLessThan(600);
    expect(Math.max(...hung.own)).toBeLessThanOrEqual(CAP);

    server.resume();
    for (const scheduler of pair) await waitForState(scheduler, "shared", 3_000);
    expect((await drive(pair, 40)).combined).toBeLessThanOrEqual(CAP);
  });
});
