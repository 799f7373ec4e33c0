import { createServer, request as httpRequest, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CheckStopped } from "../../../src/checker/stop-reason.js";
import type { StopSignal } from "../../../src/scheduler/stop-signal.js";
import { RequestLifetimes, type RequestLifetime } from "../../../src/server/request-lifetimes.js";

/**
 * A request's signal is made on first use (request-lifetimes.ts). Whenever that is, it must say what
 * has happened since the request started: a passed deadline, a shutdown, a client gone. Real
 * responses of a real server on 127.0.0.1, so "disconnected" is what node:http reports.
 */
const reasonOf = (signal: StopSignal) => (signal.reason as CheckStopped).reason;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: Server | undefined;
afterEach(async () => {
  // The held requests are never answered: cut them, or close() would wait for them.
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

/** One request held open by the server; `disconnect` cuts it from the client side. */
async function heldResponse(): Promise<{ response: ServerResponse; disconnect: () => Promise<void> }> {
  let gotResponse!: (response: ServerResponse) => void;
  const arrived = new Promise<ServerResponse>((resolve) => (gotResponse = resolve));
  server = createServer((_request, response) => gotResponse(response));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const client = httpRequest({ host: "127.0.0.1", port: (server.address() as AddressInfo).port, path: "/" });
  client.on("error", () => {});
  client.end();
  const response = await arrived;
  return {
    response,
    disconnect: async () => {
      const closed = new Promise((resolve) => response.once("close", resolve));
      client.destroy();
      await closed;
    },
  };
}

describe("RequestLifetimes: a signal made on first use still tells what happened before", () => {
  it("a signal first read after REQUEST_TIMEOUT_MS is aborted for the deadline at once", async () => {
    const { response } = await heldResponse();
    const lifetime = new RequestLifetimes(20).start(response);
    await sleep(40);
    const signal = lifetime.signal;
    await sleep(5);
    expect(signal.aborted).toBe(true);
    expect(reasonOf(signal)).toBe("deadline");
    lifetime.end();
  });

  it("read before the deadline, it aborts when the deadline passes, counted from the request's start", async () => {
    const { response } = await heldResponse();
    const lifetime = new RequestLifetimes(60).start(response);
    await sleep(30);
    const signal = lifetime.signal;
    expect(signal.aborted).toBe(false);
    await sleep(60);
    expect(reasonOf(signal)).toBe("deadline");
    lifetime.end();
  });

  it("shutdown's stopAll reaches requests whose signal was never read, and those read before", async () => {
    const lifetimes = new RequestLifetimes(60_000);
    const { response } = await heldResponse();
    const read = lifetimes.start(response);
    const unread: RequestLifetime = lifetimes.start(response);
    const early = read.signal;
    expect(lifetimes.size).toBe(2);
    lifetimes.stopAll();
    expect(reasonOf(early)).toBe("shutdown");
    expect(reasonOf(unread.signal)).toBe("shutdown");
    read.end();
    unread.end();
    expect(lifetimes.size).toBe(0);
  });

  it("a client that left before the signal was read: the signal is born aborted, disconnected", async () => {
    const { response, disconnect } = await heldResponse();
    const lifetime = new RequestLifetimes(60_000).start(response);
    await disconnect();
    expect(reasonOf(lifetime.signal)).toBe("disconnected");
    lifetime.end();
  });

  it("a client that leaves after the signal was read aborts it, disconnected", async () => {
    const { response, disconnect } = await heldResponse();
    const lifetime = new RequestLifetimes(60_000).start(response);
    const signal = lifetime.signal;
    expect(signal.aborted).toBe(false);
    await disconnect();
    expect(reasonOf(signal)).toBe("disconnected");
    lifetime.end();
  });
});
