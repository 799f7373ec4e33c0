import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signWebhook, verifyWebhookSignature } from "../../../src/jobs/webhook-signature.js";
import { distinctNumbers, startJob, startJobResponse } from "../../helpers/jobs-client.js";
import { startStubTwilio, type StubTwilio } from "../../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../../helpers/test-app.js";

const SECRET = "whsec-test-0123456789abcdef";

interface Delivery {
  readonly path: string;
  readonly signature: string | undefined;
  readonly body: string;
}

describe("job webhooks", () => {
  let stub: StubTwilio;
  let app: TestApp;
  let receiver: Server;
  let hooks: string;
  const deliveries: Delivery[] = [];
  /** Status for each delivery in turn; 200 once they run out. */
  let answers: number[] = [];
  beforeAll(async () => {
    stub = await startStubTwilio();
    receiver = createServer(async (request: IncomingMessage, response) => {
      let body = "";
      for await (const chunk of request as AsyncIterable<Buffer>) body += chunk.toString("utf8");
      deliveries.push({ path: request.url ?? "", signature: request.headers["portability-signature"] as string | undefined, body });
      const status = answers.shift() ?? 200;
      response.writeHead(status, status === 302 ? { location: "http://127.0.0.1:1/elsewhere" } : {});
      response.end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    hooks = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    app = await startTestApp(stub.url, { LOG_LEVEL: "silent", WEBHOOK_ALLOWED_HOSTS: "127.0.0.1", WEBHOOK_SIGNING_SECRET: SECRET, WEBHOOK_RETRY_BASE_MS: "20" });
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });
  beforeEach(() => {
    deliveries.length = 0;
    answers = [];
    stub.reset();
  });

  async function until(count: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (deliveries.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  it("POSTs the finished job once, signed t=…,v1=… over the raw body, retrying a 503", async () => {
    answers = [503];
    const job = await startJob(app.url, { phoneNumbers: distinctNumbers(5), webhookUrl: `${hooks}/done` }, {});
    await until(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(deliveries.map((delivery) => delivery.path)).toEqual(["/done", "/done"]);
    const delivered = deliveries[1]!;
    expect(JSON.parse(delivered.body)).toMatchObject({ id: job.id, status: "COMPLETED", total: 5, completed: 5, portable: 5 });
    expect(delivered.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, delivered.signature, delivered.body)).toBe(true);
    expect(verifyWebhookSignature(SECRET, delivered.signature, delivered.body.replace("COMPLETED", "FAILED"))).toBe(false);
    expect(verifyWebhookSignature("another-secret-entirely", delivered.signature, delivered.body)).toBe(false);
  });

  it("does not follow a redirect (one request, none to the Location) and does not retry a 4xx", async () => {
    answers = [302];
    await startJob(app.url, { phoneNumbers: distinctNumbers(2), webhookUrl: `${hooks}/moved` }, {});
    await until(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(deliveries.map((delivery) => delivery.path)).toEqual(["/moved"]);
  });

  it("refuses a webhookUrl on a host not in WEBHOOK_ALLOWED_HOSTS before queueing the job", async () => {
    const response = await startJobResponse(app.url, { phoneNumbers: distinctNumbers(2), webhookUrl: "https://evil.example.com/x" }, {});
    expect(response.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(deliveries).toHaveLength(0);
    expect(stub.received).toHaveLength(0);
  });
});

describe("verifyWebhookSignature", () => {
  it("refuses a signature older than the tolerance, and malformed headers", () => {
    const body = '{"id":"x"}';
    const header = signWebhook(SECRET, body, 1_000);
    expect(verifyWebhookSignature(SECRET, header, body, { now: 1_300 })).toBe(true);
    expect(verifyWebhookSignature(SECRET, header, body, { now: 1_301 })).toBe(false);
    expect(verifyWebhookSignature(SECRET, header.replace("t=1000", "t=1300"), body, { now: 1_300 })).toBe(false);
    expect(verifyWebhookSignature(SECRET, null, body)).toBe(false);
    expect(verifyWebhookSignature(SECRET, "v1=abc", body)).toBe(false);
  });
});
