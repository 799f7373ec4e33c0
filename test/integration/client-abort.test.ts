import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** Headers promise 1000 bytes of body; 10 arrive, then the socket is destroyed. */
function abortMidBody(url: string): Promise<void> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`POST ${pathname} HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\nx-request-id: abort-probe\r\n\r\n{"query":"`);
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 50);
    });
    socket.on("error", () => resolve());
  });
}

describe("a client that hangs up while sending its body", () => {
  let stub: StubTwilio;
  let app: TestApp;
  beforeAll(async () => {
    stub = await startStubTwilio();
    app = await startTestApp(stub.url, { LOG_LEVEL: "trace" });
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
  });

  // Regression (issue 7): it was logged at error, "request failed outside GraphQL", with a stack.
  it("is logged once at info as a refused request (REQUEST_ABORTED), with no stack and no error-level line", async () => {
    await abortMidBody(app.url);
    const lines = () => app.logs.filter((line) => line.requestId === "abort-probe");
    for (let waited = 0; waited < 5_000 && lines().length === 0; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lines()).toEqual([expect.objectContaining({ level: 30, msg: "request refused", outcome: "REQUEST_ABORTED", status: 400 })]);
    expect(JSON.stringify(lines())).not.toContain("stack");
    expect(app.logs.filter((line) => (line.level as number) >= 50)).toEqual([]);
    expect(stub.received).toHaveLength(0);
  });
});
