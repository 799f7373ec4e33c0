import { createClient, type Client } from "graphql-sse";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { distinctNumbers, startJob } from "../../helpers/jobs-client.js";
import { portabilityBody, startStubTwilio, type StubTwilio } from "../../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../../helpers/test-app.js";
import { bearer, writeKeysFile, type KeysFile } from "../../security/helpers/security-helpers.js";

const KEYS = {
  alice: { id: "alice", secret: "s3cret-alice-sse-key", targets: "*" as const },
  bob: { id: "bob", secret: "s3cret-bob-sse-key", targets: "*" as const },
};
const ALICE = bearer(KEYS.alice.secret);
const BOB = bearer(KEYS.bob.secret);

const UPDATES = `subscription JobUpdates($id: ID!) { portabilityJobUpdates(id: $id) { id status total completed portable notPortable failed } }`;

interface Update {
  readonly id: string;
  readonly status: string;
  readonly total: number;
  readonly completed: number;
}

/** Every event of one subscription, in order, until the server completes it. */
async function collect(client: Client, id: string): Promise<{ updates: Update[]; errors: unknown[] }> {
  const updates: Update[] = [];
  const errors: unknown[] = [];
  for await (const result of client.iterate<{ portabilityJobUpdates: Update }>({ query: UPDATES, variables: { id } })) {
    if (result.errors !== undefined) errors.push(...result.errors);
    if (result.data) updates.push(result.data.portabilityJobUpdates);
  }
  return { updates, errors };
}

function sseClient(app: TestApp, headers: Record<string, string>): Client {
  return createClient({ url: app.url.replace(/\/graphql$/, "/graphql/stream"), headers, retryAttempts: 0 });
}

function post(app: TestApp, body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(app.url.replace(/\/graphql$/, "/graphql/stream"), {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", ...headers },
    body: JSON.stringify(body),
  });
}

describe("Subscription.portabilityJobUpdates over SSE (graphql-sse) at /graphql/stream", () => {
  let stub: StubTwilio;
  let app: TestApp;
  let keysFile: KeysFile;
  beforeAll(async () => {
    stub = await startStubTwilio({ latencyMs: 3 });
    keysFile = writeKeysFile(Object.values(KEYS));
    app = await startTestApp(stub.url, {
      API_KEYS_FILE: keysFile.path,
      JOB_CHUNK_SIZE: "50",
      JOB_CHECKS_IN_FLIGHT: "4",
      RATE_LIMIT_REQUESTS_PER_MINUTE: "100000",
      RATE_LIMIT_NUMBERS_PER_MINUTE: "1000000",
    });
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
    keysFile?.remove();
  });
  beforeEach(() => {
    stub.reset();
    stub.respond((request) => ({ status: 200, body: portabilityBody(request.phoneNumber) }));
  });

  it("streams the job as it progresses, completed never decreasing, and ends after COMPLETED", async () => {
    const job = await startJob(app.url, { phoneNumbers: distinctNumbers(400) }, ALICE);
    const { updates, errors } = await collect(sseClient(app, ALICE), job.id);
    expect(errors).toEqual([]);
    expect(updates.length).toBeGreaterThan(1);
    expect(updates.every((update) => update.id === job.id && update.total === 400)).toBe(true);
    const completed = updates.map((update) => update.completed);
    expect(completed).toEqual([...completed].sort((a, b) => a - b));
    expect(updates.at(-1)).toMatchObject({ status: "COMPLETED", completed: 400 });
    // One event per change: no two consecutive events are the same state.
    for (let index = 1; index < updates.length; index += 1) {
      expect([updates[index]!.status, updates[index]!.completed]).not.toEqual([updates[index - 1]!.status, updates[index - 1]!.completed]);
    }
  });

  it("shows a job only to the key that started it: another key's stream ends with no event", async () => {
    const job = await startJob(app.url, { phoneNumbers: distinctNumbers(5, 2_000_000) }, ALICE);
    expect(await collect(sseClient(app, BOB), job.id)).toEqual({ updates: [], errors: [] });
    expect(await collect(sseClient(app, ALICE), "no-such-job")).toEqual({ updates: [], errors: [] });
  });

  it("refuses a stream without a known key with 401, like /graphql, and never echoes the key", async () => {
    const missing = await post(app, { query: UPDATES, variables: { id: "x" } }, {});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ errors: [{ extensions: { code: "UNAUTHENTICATED" } }] });
    const wrong = await post(app, { query: UPDATES, variables: { id: "x" } }, bearer("not-a-key-s3cr3t"));
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain("not-a-key-s3cr3t");
  });

  it("serves subscriptions only: a query or mutation is 400 GRAPHQL_VALIDATION_FAILED, naming /graphql", async () => {
    for (const query of ["{ portabilityJob(id: \"x\") { id } }", "mutation { cancelPortabilityJob(id: \"x\") { id } }"]) {
      const response = await post(app, { query }, ALICE);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(body.errors[0]!.message).toContain("/graphql");
    }
    expect(stub.received).toHaveLength(0);
  });

  it("applies /graphql's document limits: syntax errors, MAX_ALIASES and unknown fields are 400", async () => {
    const syntax = await post(app, { query: "subscription {" }, ALICE);
    expect(syntax.status).toBe(400);
    expect(((await syntax.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("GRAPHQL_PARSE_FAILED");
    const aliases = Array.from({ length: 40 }, (_, index) => `a${index}: id`).join(" ");
    const tooMany = await post(app, { query: `subscription { portabilityJobUpdates(id: "x") { ${aliases} } }` }, ALICE);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toMatch(/aliases/i);
    const unknown = await post(app, { query: `subscription { portabilityJobUpdates(id: "x") { secret } }` }, ALICE);
    expect(unknown.status).toBe(400);
  });

  it("answers a request that does not ask for an event stream 406, and other methods 405", async () => {
    const json = await fetch(app.url.replace(/\/graphql$/, "/graphql/stream"), {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...ALICE },
      body: JSON.stringify({ query: UPDATES, variables: { id: "x" } }),
    });
    expect(json.status).toBe(406);
    expect(await json.json()).toMatchObject({ errors: [{ extensions: { code: "NOT_ACCEPTABLE" } }] });
    const put = await fetch(app.url.replace(/\/graphql$/, "/graphql/stream"), { method: "PUT", headers: ALICE });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, POST");
  });

  it("ends the subscription when the client goes away: the stream's log line is written", async () => {
    // A job that cannot finish while the test runs: every check waits on the stub.
    stub.respond(() => new Promise(() => {}));
    const job = await startJob(app.url, { phoneNumbers: distinctNumbers(3, 3_000_000) }, ALICE);
    const client = sseClient(app, ALICE);
    const seen: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const unsubscribe = client.subscribe<{ portabilityJobUpdates: Update }>(
        { query: UPDATES, variables: { id: job.id } },
        {
          next: (result) => {
            seen.push(result.data!.portabilityJobUpdates.status);
            unsubscribe();
            resolve();
          },
          error: reject,
          complete: () => {},
        },
      );
    });
    expect(seen).toHaveLength(1);
    const streamLines = () => app.logs.filter((line) => line.msg === "graphql stream" && line.operation === "portabilityJobUpdates");
    const before = streamLines().length;
    for (let waited = 0; streamLines().length === before && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(streamLines().length).toBe(before + 1);
    expect(streamLines().at(-1)).toMatchObject({ caller: "alice", status: 200, outcome: "ok" });
    await fetch(app.url, { method: "POST", headers: { "content-type": "application/json", ...ALICE }, body: JSON.stringify({ query: `mutation { cancelPortabilityJob(id: "${job.id}") { id } }` }) });
  });
});

describe("SSE streams at shutdown", () => {
  it("cuts open streams when the listener closes, so shutdown does not wait for SHUTDOWN_TIMEOUT_MS", async () => {
    const stub = await startStubTwilio();
    stub.respond(() => new Promise(() => {}));
    const app = await startTestApp(stub.url, { SHUTDOWN_TIMEOUT_MS: "60000", LOG_LEVEL: "silent" });
    try {
      const job = await startJob(app.url, { phoneNumbers: distinctNumbers(2, 4_000_000) }, {});
      const client = sseClient(app, {});
      let opened!: () => void;
      const open = new Promise<void>((resolve) => (opened = resolve));
      const ended = new Promise<string>((resolve) => {
        client.subscribe({ query: UPDATES, variables: { id: job.id } }, { next: () => opened(), error: () => resolve("error"), complete: () => resolve("complete") });
      });
      await open;
      // With the stream left open, close() would wait out SHUTDOWN_TIMEOUT_MS (60 s), past this test's timeout.
      const closing = app.close();
      // Cut, not completed: the client must not think the subscription is over.
      expect(await ended).toBe("error");
      await closing;
    } finally {
      await stub.close();
    }
  }, 20_000);
});
