import { connect, type Socket } from "node:net";
import { Agent, request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { portableResult, waitFor } from "../helpers/fault-stub.js";
import { startMain, type MainProcess } from "../helpers/main-process.js";
import { startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";

// Runs the built server (dist/main.js): `npm run build` first (`npm test` does).
const ACCOUNT_SID = `AC${"0123456789abcdef".repeat(2)}`;
const NUMBER = "+14155550123";
const QUERY = JSON.stringify({
  query: `{ portability(phoneNumber: "${NUMBER}") { __typename ... on Portability { id input phoneNumber targetAccountSid addressSid accountSid portable pinAndAccountNumberRequired notPortableReason notPortableReasonCode numberType country url nextStep guidance helpUrl } ... on PortabilityCheckError { id input phoneNumber targetAccountSid addressSid code retryable twilioErrorCode nextStep } } }`,
});

function mainFor(stub: StubTwilio, env: Record<string, string>): MainProcess {
  return startMain({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: "x", TWILIO_NUMBERS_BASE_URL: stub.url, LOG_LEVEL: "info", ...env });
}

/** POSTs QUERY over `agent` (a keep-alive client, like any real one); settles with what happened and when. */
async function inFlightQuery(url: string, agent: Agent) {
  try {
    const response = await request(url, { dispatcher: agent, method: "POST", headers: { "content-type": "application/json" }, body: QUERY });
    const body = (await response.body.json()) as { data?: { portability?: unknown } };
    return { status: response.statusCode, body, at: performance.now() };
  } catch (error) {
    return { error: String((error as { code?: unknown }).code ?? error), at: performance.now() };
  }
}

/** Opens a connection and sends a request line and a header but not the blank line that ends them. */
async function halfSentRequest(port: number, path: string): Promise<{ socket: Socket; finish(): Promise<string> }> {
  const socket = connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  let raw = "";
  socket.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
  return {
    socket,
    async finish() {
      socket.write("\r\n");
      await closed;
      return raw;
    },
  };
}

function connectError(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? String(error)));
  });
}

describe("graceful shutdown of the built server on SIGTERM", () => {
  let stub: StubTwilio | undefined;
  let main: MainProcess | undefined;
  let agent: Agent | undefined;
  afterEach(async () => {
    if (main !== undefined && main.child.exitCode === null && main.child.signalCode === null) main.child.kill("SIGKILL");
    await main?.exited;
    await agent?.destroy();
    await stub?.close();
    main = agent = stub = undefined;
  });

  /** A server over a stub that takes ~800 ms per answer, with one query in flight at Twilio. */
  async function startWithQueryInFlight(env: Record<string, string>) {
    stub = await startStubTwilio({ latencyMs: 800 });
    main = mainFor(stub, env);
    const url = await main.listening;
    const port = Number(new URL(url).port);
    agent = new Agent({ keepAliveTimeout: 30_000 });
    const ready = await request(`http://127.0.0.1:${port}/readyz`, { dispatcher: agent });
    expect([ready.statusCode, await ready.body.json()]).toEqual([200, { status: "ready", state: "memory" }]);
    const query = inFlightQuery(url, agent);
    await waitFor(() => stub!.received.length === 1, 5_000, "the query to reach Twilio");
    return { url, port, query, main };
  }

  it("lets the in-flight request finish with its data, answers /readyz 503 while draining, refuses new connections, exits 0", async () => {
    const shutdownTimeoutMs = 3_000;
    const { port, query, main } = await startWithQueryInFlight({ SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs) });
    // A connection in the middle of sending a request is not idle, so draining does not close it.
    const pending = await halfSentRequest(port, "/readyz");

    const signalledAt = performance.now();
    main.child.kill("SIGTERM");
    await waitFor(() => main.stdout.some((line) => line.includes('"msg":"shutting down"')), 5_000, "the server to start draining");

    const raw = await pending.finish();
    expect(raw).toMatch(/^HTTP\/1\.1 503 /);
    expect(raw.toLowerCase()).toContain("connection: close");
    expect(raw.endsWith('{"status":"draining"}')).toBe(true);
    // The listener is closed: a new connection cannot even be made.
    expect(await connectError(port)).toBe("ECONNREFUSED");

    const done = await query;
    expect(done).toMatchObject({ status: 200, body: { data: { portability: portableResult(NUMBER) } } });
    expect(done.at).toBeGreaterThan(signalledAt);
    expect(await main.exited).toBe(0);
    expect(performance.now() - signalledAt).toBeLessThan(shutdownTimeoutMs + 1_500);
    expect(main.stdout.some((line) => line.includes('"signal":"SIGTERM"'))).toBe(true);
  });

  // Regression: the listener closed at once on SIGTERM, so a load balancer's health check could never see 503.
  it("keeps accepting for SHUTDOWN_GRACE_MS with /readyz 503, serving new requests, then stops listening", async () => {
    stub = await startStubTwilio();
    main = mainFor(stub, { SHUTDOWN_GRACE_MS: "2500", SHUTDOWN_TIMEOUT_MS: "2000" });
    const url = await main.listening;
    const port = Number(new URL(url).port);
    const signalledAt = performance.now();
    main.child.kill("SIGTERM");
    await waitFor(() => main!.stdout.some((line) => line.includes('"msg":"shutting down"')), 5_000, "the server to start draining");
    // New connections during the grace period: told "draining", and still served.
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([503, { status: "draining" }]);
    expect(ready.headers.get("connection")).toBe("close");
    const served = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: QUERY });
    expect(served.status).toBe(200);
    expect(((await served.json()) as { data: { portability: unknown } }).data.portability).toEqual(portableResult(NUMBER));
    expect(performance.now() - signalledAt).toBeLessThan(2_500);
    expect(await main.exited).toBe(0);
    expect(performance.now() - signalledAt).toBeGreaterThanOrEqual(2_450);
    expect(await connectError(port)).toBe("ECONNREFUSED");
  });

  // Regression: a response finished while draining kept its keep-alive connection open until SHUTDOWN_TIMEOUT_MS.
  it("closes the connection of a request that ends while draining, so the process exits right after its last response", async () => {
    // A deadline far beyond the bound below: the regression waited it out, a loaded machine does not come near it.
    const { query, main } = await startWithQueryInFlight({ SHUTDOWN_TIMEOUT_MS: "20000" });
    main.child.kill("SIGTERM");
    const done = await query;
    expect(done).toMatchObject({ status: 200, body: { data: { portability: portableResult(NUMBER) } } });
    expect(await main.exited).toBe(0);
    expect(performance.now() - done.at).toBeLessThan(8_000);
    expect(main.stdout.some((line) => line.includes("still running at the shutdown deadline"))).toBe(false);
  });

  it("answers a request that outlasts SHUTDOWN_TIMEOUT_MS at the deadline: its unfinished check ends SHUTTING_DOWN, and the process exits 0", async () => {
    stub = await startStubTwilio();
    stub.respond(() => ({ hang: true }));
    // UPSTREAM_TIMEOUT_MS bounds how long the hung upstream call can hold the exit (see the skipped test below).
    main = mainFor(stub, { SHUTDOWN_TIMEOUT_MS: "500", UPSTREAM_TIMEOUT_MS: "2000" });
    const url = await main.listening;
    agent = new Agent({ keepAliveTimeout: 30_000 });
    const query = inFlightQuery(url, agent);
    await waitFor(() => stub!.received.length === 1, 5_000, "the query to reach Twilio");

    const signalledAt = performance.now();
    main.child.kill("SIGTERM");
    const answered = await query;
    expect(answered).toMatchObject({ status: 200, body: { data: { portability: { phoneNumber: NUMBER, code: "SHUTTING_DOWN", retryable: true } } } });
    expect(answered.at - signalledAt).toBeGreaterThanOrEqual(450);
    expect(answered.at - signalledAt).toBeLessThan(1_200);
    expect(await main.exited).toBe(0);
    expect(performance.now() - signalledAt).toBeLessThan(2_000 + 1_500);
    expect(main.stdout.some((line) => line.includes('"shutdownTimeoutMs":500') && line.includes("still running at the shutdown deadline"))).toBe(true);
  });

  // Regression: after the deadline, a graceful pool close waited for the hung Twilio call until UPSTREAM_TIMEOUT_MS.
  it("exits within SHUTDOWN_TIMEOUT_MS (plus a margin) of SIGTERM even while Twilio hangs", async () => {
    stub = await startStubTwilio();
    stub.respond(() => ({ hang: true }));
    main = mainFor(stub, { SHUTDOWN_TIMEOUT_MS: "500" });
    const url = await main.listening;
    agent = new Agent({ keepAliveTimeout: 30_000 });
    const query = inFlightQuery(url, agent);
    await waitFor(() => stub!.received.length === 1, 5_000, "the query to reach Twilio");

    const signalledAt = performance.now();
    main.child.kill("SIGTERM");
    expect(await query).toMatchObject({ status: 200, body: { data: { portability: { code: "SHUTTING_DOWN" } } } });
    expect(await main.exited).toBe(0);
    expect(performance.now() - signalledAt).toBeLessThan(500 + 1_000);
  });
});
