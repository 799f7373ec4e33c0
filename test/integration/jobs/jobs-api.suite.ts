import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { allResults, distinctNumbers, getJob, startJob, startJobResponse, waitForEnd } from "../../helpers/jobs-client.js";
import { postQuery } from "../../helpers/graphql-client.js";
import { portabilityBody, startStubTwilio, type StubTwilio } from "../../helpers/stub-twilio.js";
import { VERDICT_GUIDANCE, type VerdictCase } from "../../../src/datasources/guidance.js";
import { NotPortableReason } from "../../../src/domain/not-portable-reason.js";
import { csvCell } from "../../../src/jobs/results-csv.js";
import { startTestApp, type TestApp } from "../../helpers/test-app.js";
import { TARGET_A, TARGET_B, bearer, writeKeysFile, type KeysFile } from "../../security/helpers/security-helpers.js";

export const KEYS = {
  alice: { id: "alice", secret: "s3cret-alice-jobs-key", targets: "*" as const },
  bob: { id: "bob", secret: "s3cret-bob-jobs-key", targets: "*" as const },
  scoped: { id: "scoped", secret: "s3cret-scoped-jobs-key", targets: [TARGET_A] },
  metered: { id: "metered", secret: "s3cret-metered-jobs-key", targets: "*" as const, limits: { numbersPerMinute: 1_000 } },
};
export const ALICE = bearer(KEYS.alice.secret);
export const BOB = bearer(KEYS.bob.secret);

/** The next_step, guidance and help_url cells of a verdict's row: the guidance table's own words. */
function guidanceCells(verdict: VerdictCase): string {
  const { nextStep, guidance, helpUrl } = VERDICT_GUIDANCE[verdict];
  return [nextStep, guidance, helpUrl].map(csvCell).join(",");
}

/** Numbers ending in 7 are not portable (22132), so the counts are known in advance. */
function answerByLastDigit(stub: StubTwilio): void {
  stub.respond((request) => ({
    status: 200,
    body: request.phoneNumber.endsWith("7")
      ? portabilityBody(request.phoneNumber, { portable: false, not_portable_reason: "ALREADY_IN_TWILIO_DIFFERENT_OWNER", not_portable_reason_code: 22132 })
      : portabilityBody(request.phoneNumber),
  }));
}

export interface Harness {
  readonly stub: StubTwilio;
  readonly app: TestApp;
  /** The server's base URL (no path). */
  readonly base: string;
}

/**
 * The jobs API over real HTTP against a stub Twilio, the same tests for every store: `env` is what
 * picks memory or Redis. Returns the harness for suites that add their own tests.
 */
export function jobsApiSuite(name: string, env: () => Record<string, string>): void {
  describe(name, () => {
    let stub: StubTwilio;
    let app: TestApp;
    let keysFile: KeysFile;
    let base: string;
    beforeAll(async () => {
      stub = await startStubTwilio({ latencyMs: 2 });
      keysFile = writeKeysFile(Object.values(KEYS));
      app = await startTestApp(stub.url, { API_KEYS_FILE: keysFile.path, LOG_LEVEL: "silent", JOB_CHUNK_SIZE: "250",
        MAX_JOB_SIZE: "20000",
        // The tests poll; the keys without limits of their own must not run out.
        RATE_LIMIT_REQUESTS_PER_MINUTE: "1000000",
        RATE_LIMIT_NUMBERS_PER_MINUTE: "10000000",
        ...env(),
      });
      base = app.url.replace(/\/graphql$/, "");
    });
    afterAll(async () => {
      await app?.close();
      await stub?.close();
      keysFile?.remove();
    });
    beforeEach(() => {
      stub.reset();
      answerByLastDigit(stub);
    });

    it("runs 3,000 numbers (2,000 distinct, one invalid) to COMPLETED: every result in input order, one upstream call per distinct number, progress never decreasing", async () => {
      const distinct = distinctNumbers(2_000);
      const numbers = Array.from({ length: 3_000 }, (_, index) => distinct[(index * 7) % 2_000]!);
      numbers[1_234] = "not-a-number";
      const started = await startJob(app.url, { phoneNumbers: numbers }, ALICE);
      expect(started).toMatchObject({ status: "QUEUED", total: 3_000, completed: 0, resultsCsvUrl: `/jobs/${started.id}/results.csv` });

      const { job, seen } = await waitForEnd(app.url, started.id, ALICE);
      const completedSeen = seen.map((view) => view.completed);
      expect(completedSeen).toEqual([...completedSeen].sort((a, b) => a - b));
      expect(seen.every((view) => ["QUEUED", "RUNNING", "COMPLETED"].includes(view.status))).toBe(true);

      const notPortable = numbers.filter((number) => number.endsWith("7")).length;
      expect(job).toMatchObject({ status: "COMPLETED", total: 3_000, completed: 3_000, portable: 3_000 - notPortable - 1, notPortable: notPortable + 1, failed: 0 });
      expect(job.startedAt).not.toBeNull();
      expect(job.finishedAt).not.toBeNull();

      const { nodes, pages } = await allResults(app.url, started.id, ALICE);
      expect(pages).toEqual([1_000, 1_000, 1_000]);
      expect(nodes.map((node) => node.phoneNumber)).toEqual(numbers);
      expect(nodes[1_234]).toMatchObject({ __typename: "Portability", portable: false, notPortableReason: "INVALID_PHONE_NUMBER" });
      const received = stub.received.map((request) => request.phoneNumber).sort();
      expect(received).toEqual([...new Set(numbers)].filter((number) => number !== "not-a-number").sort());
      expect(received).toHaveLength(1_999);
    });

    it("stops upstream calls when cancelled; results checked before the cancel are kept", async () => {
      stub.respond((request) => ({ status: 200, body: portabilityBody(request.phoneNumber), delayMs: 20 }));
      const started = await startJob(app.url, { phoneNumbers: distinctNumbers(5_000, 2_000_000) }, ALICE);
      while (stub.received.length < 100) await new Promise((resolve) => setTimeout(resolve, 10));
      const cancel = await postQuery<{ cancelPortabilityJob: { status: string } }>(app.url, `mutation($id: ID!) { cancelPortabilityJob(id: $id) { status } }`, { id: started.id }, ALICE);
      expect(cancel.body.data?.cancelPortabilityJob.status).toBe("CANCELLED");
      // The worker sees the cancel within its poll (250 ms) and aborts what is queued and in flight.
      await new Promise((resolve) => setTimeout(resolve, 600));
      const afterCancel = stub.received.length;
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(stub.received.length).toBe(afterCancel);
      expect(afterCancel).toBeLessThan(2_000);
      const job = (await getJob(app.url, started.id, ALICE))!;
      expect(job.status).toBe("CANCELLED");
      expect(job.completed).toBeLessThanOrEqual(afterCancel);
      const { nodes } = await allResults(app.url, started.id, ALICE);
      expect(nodes).toHaveLength(job.completed);
      expect(nodes.every((node) => node.__typename === "Portability")).toBe(true);
    });

    it("shows a job only to the key that started it: another key gets null and cannot cancel it", async () => {
      const started = await startJob(app.url, { phoneNumbers: distinctNumbers(3) }, ALICE);
      expect(await getJob(app.url, started.id, BOB)).toBeNull();
      const cancel = await postQuery(app.url, `mutation($id: ID!) { cancelPortabilityJob(id: $id) { status } }`, { id: started.id }, BOB);
      expect(cancel.body).toEqual({ data: { cancelPortabilityJob: null } });
      const { job } = await waitForEnd(app.url, started.id, ALICE);
      expect(job.status).toBe("COMPLETED");
      expect((await fetch(`${base}/jobs/${started.id}`, { headers: BOB })).status).toBe(404);
      expect((await fetch(`${base}/jobs/${started.id}/results.csv`, { headers: BOB })).status).toBe(404);
      expect(await getJob(app.url, "no-such-job", ALICE)).toBeNull();
    });

    it("returns the first job for a repeated idempotencyKey from the same key, and checks its numbers once", async () => {
      const numbers = distinctNumbers(20, 3_000_000);
      const first = await startJob(app.url, { phoneNumbers: numbers, idempotencyKey: "batch-2026-12-01" }, ALICE);
      const again = await startJob(app.url, { phoneNumbers: numbers, idempotencyKey: "batch-2026-12-01" }, ALICE);
      expect(again.id).toBe(first.id);
      await waitForEnd(app.url, first.id, ALICE);
      expect(stub.received).toHaveLength(20);
      // Another key's job with the same idempotency key is its own (run after the first: concurrent
      // jobs would share the checker's in-flight calls for the same numbers).
      const bobs = await startJob(app.url, { phoneNumbers: numbers, idempotencyKey: "batch-2026-12-01" }, BOB);
      expect(bobs.id).not.toBe(first.id);
      await waitForEnd(app.url, bobs.id, BOB);
      expect(stub.received).toHaveLength(40);
    });

    it.each([
      ["more than MAX_JOB_SIZE numbers", { phoneNumbers: distinctNumbers(20_001) }, "phoneNumbers holds 20001 numbers; a job takes at most MAX_JOB_SIZE (20000), repeats included"],
      ["no numbers", { phoneNumbers: [] }, "phoneNumbers must hold at least one number"],
      ["a webhookUrl while WEBHOOK_ALLOWED_HOSTS is empty", { phoneNumbers: ["+14155550100"], webhookUrl: "https://hooks.example.com/x" }, "webhookUrl must be an https URL without credentials whose host is in this server's WEBHOOK_ALLOWED_HOSTS"],
    ])("refuses %s with BAD_USER_INPUT and queues nothing", async (_what, input, message) => {
      const response = await startJobResponse(app.url, input, ALICE);
      expect(response.body.errors).toEqual([expect.objectContaining({ message, extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) })]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(stub.received).toHaveLength(0);
    });

    it("reads national numbers with defaultCountry: each spelling of one number is one check, results keep the input as given", async () => {
      const numbers = ["(415) 555-0100", "+14155550100", "415.555.0107", "1 415 555 0100", "020 7946 0000", "not-a-number"];
      const started = await startJob(app.url, { phoneNumbers: numbers, defaultCountry: "US" }, ALICE);
      expect(started.defaultCountry).toBe("US");
      const { job } = await waitForEnd(app.url, started.id, ALICE);
      expect(job).toMatchObject({ status: "COMPLETED", completed: 6, portable: 3, notPortable: 3, failed: 0, defaultCountry: "US" });
      const { nodes } = await allResults(app.url, started.id, ALICE);
      expect(nodes.map((node) => [node.input, node.phoneNumber, node.__typename === "Portability" ? node.notPortableReason : node.code])).toEqual([
        ["(415) 555-0100", "+14155550100", null],
        ["+14155550100", "+14155550100", null],
        ["415.555.0107", "+14155550107", "ALREADY_IN_TWILIO_DIFFERENT_OWNER"],
        ["1 415 555 0100", "+14155550100", null],
        // A UK national number is not a US one: invalid, never sent to Twilio.
        ["020 7946 0000", "020 7946 0000", "INVALID_PHONE_NUMBER"],
        ["not-a-number", "not-a-number", "INVALID_PHONE_NUMBER"],
      ]);
      expect(stub.received.map((request) => request.phoneNumber).sort()).toEqual(["+14155550100", "+14155550107"]);
      const csv = await fetch(new URL(started.resultsCsvUrl, base), { headers: ALICE }).then((response) => response.text());
      expect(csv.split("\r\n")[1]).toMatch(/^\(415\) 555-0100,'\+14155550100,portable,/);
    });

    it.each(["us", "USA", "XX", "AQ"])("refuses defaultCountry %j with BAD_USER_INPUT, over GraphQL and POST /jobs, and queues nothing", async (defaultCountry) => {
      const response = await startJobResponse(app.url, { phoneNumbers: ["(415) 555-0100"], defaultCountry }, ALICE);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ message: "defaultCountry must be an ISO 3166-1 alpha-2 country code in capitals, such as US or GB", extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) }),
      ]);
      const posted = await fetch(`${base}/jobs?defaultCountry=${defaultCountry}`, { method: "POST", headers: { ...ALICE, "content-type": "text/csv" }, body: "(415) 555-0100\n" });
      expect(posted.status).toBe(400);
      expect(await posted.json()).toMatchObject({ errors: [{ extensions: { code: "BAD_USER_INPUT" } }] });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(stub.received).toHaveLength(0);
    });

    it("refuses a targetAccountSid that is not an account SID (BAD_USER_INPUT) and one outside the key's scope (FORBIDDEN)", async () => {
      const bad = await startJobResponse(app.url, { phoneNumbers: ["+14155550100"], targetAccountSid: "AC123" }, ALICE);
      expect(bad.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      const forbidden = await startJobResponse(app.url, { phoneNumbers: ["+14155550100"], targetAccountSid: TARGET_B }, bearer(KEYS.scoped.secret));
      expect(forbidden.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const scoped = await startJob(app.url, { phoneNumbers: ["+14155550100"] }, bearer(KEYS.scoped.secret));
      expect(scoped.targetAccountSid).toBe(TARGET_A);
      await waitForEnd(app.url, scoped.id, bearer(KEYS.scoped.secret));
      expect(stub.received.map((request) => request.query.TargetAccountSid)).toEqual([TARGET_A]);
    });

    it("takes 20,000 numbers in one mutation body (past MAX_BODY_BYTES, beyond MAX_BATCH_SIZE), while the same body as a batch query is 413", async () => {
      const numbers = distinctNumbers(20_000, 4_000_000);
      const started = await startJob(app.url, { phoneNumbers: numbers }, ALICE);
      expect(started.total).toBe(20_000);
      const batch = await fetch(app.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...ALICE },
        body: JSON.stringify({ query: "query($n: [String!]!) { portabilities(phoneNumbers: $n) { __typename } }", variables: { n: numbers } }),
      });
      expect(batch.status).toBe(413);
      await postQuery(app.url, `mutation($id: ID!) { cancelPortabilityJob(id: $id) { status } }`, { id: started.id }, ALICE);
    });

    it("spends the key's numbers-per-minute as the job runs, not at submission", async () => {
      const metered = bearer(KEYS.metered.secret);
      const started = await startJob(app.url, { phoneNumbers: distinctNumbers(600, 5_000_000) }, metered);
      await waitForEnd(app.url, started.id, metered);
      const batch = await postQuery(app.url, "query($n: [String!]!) { portabilities(phoneNumbers: $n) { __typename } }", { n: distinctNumbers(500, 6_000_000) }, metered);
      expect(batch.status).toBe(429);
      expect(batch.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    });

    describe("over plain HTTP", () => {
      it("POST /jobs with a CSV body (header row with phone_number) answers 201, Location and the job; results.csv has one row per input, in order, escaped", async () => {
        const csv = "name,phone_number\r\nann,+14155550100\r\n\r\nbob,\"=HYPERLINK(1)\"\r\ncy,+14155550107\r\nann,+14155550100\r\n";
        const response = await fetch(`${base}/jobs`, { method: "POST", headers: { "content-type": "text/csv", ...ALICE }, body: csv });
        expect(response.status).toBe(201);
        const job = (await response.json()) as { id: string; total: number; status: string; resultsCsvUrl: string };
        expect(response.headers.get("location")).toBe(`/jobs/${job.id}`);
        expect(job).toMatchObject({ total: 4, status: "QUEUED", resultsCsvUrl: `/jobs/${job.id}/results.csv` });
        await waitForEnd(app.url, job.id, ALICE);
        const view = await fetch(`${base}/jobs/${job.id}`, { headers: ALICE });
        expect(await view.json()).toMatchObject({ id: job.id, status: "COMPLETED", completed: 4, portable: 2, notPortable: 2, failed: 0 });
        const results = await fetch(`${base}${job.resultsCsvUrl}`, { headers: ALICE });
        expect(results.headers.get("content-type")).toBe("text/csv; charset=utf-8");
        expect((await results.text()).split("\r\n")).toEqual([
          "input,phone_number,outcome,portable,not_portable_reason,not_portable_reason_code,number_type,country,pin_and_account_number_required,account_sid,error_code,retryable,next_step,guidance,help_url",
          `'+14155550100,'+14155550100,portable,true,,,LOCAL,US,false,,,,${guidanceCells("PORTABLE")}`,
          `'=HYPERLINK(1),'=HYPERLINK(1),not_portable,false,INVALID_PHONE_NUMBER,22102,UNKNOWN,,,,,,${guidanceCells(NotPortableReason.INVALID_PHONE_NUMBER)}`,
          `'+14155550107,'+14155550107,not_portable,false,ALREADY_IN_TWILIO_DIFFERENT_OWNER,22132,LOCAL,US,false,,,,${guidanceCells(NotPortableReason.ALREADY_IN_TWILIO_DIFFERENT_OWNER)}`,
          `'+14155550100,'+14155550100,portable,true,,,LOCAL,US,false,,,,${guidanceCells("PORTABLE")}`,
          "",
        ]);
        expect(stub.received).toHaveLength(2);
      });

      it("POST /jobs with JSON takes the mutation's fields; a bad one is 400 BAD_USER_INPUT; no key is 401", async () => {
        const response = await fetch(`${base}/jobs`, {
          method: "POST",
          headers: { "content-type": "application/json", ...ALICE },
          body: JSON.stringify({ phoneNumbers: ["+14155550100"], targetAccountSid: TARGET_A }),
        });
        expect(response.status).toBe(201);
        expect(await response.json()).toMatchObject({ total: 1, targetAccountSid: TARGET_A });
        const bad = await fetch(`${base}/jobs`, { method: "POST", headers: { "content-type": "application/json", ...ALICE }, body: JSON.stringify({ phoneNumbers: ["+1"], addressSid: "nope" }) });
        expect(bad.status).toBe(400);
        expect(await bad.json()).toEqual({ errors: [{ message: "addressSid must be an address SID: AD followed by 32 hex digits", extensions: { code: "BAD_USER_INPUT" } }] });
        const anonymous = await fetch(`${base}/jobs`, { method: "POST", headers: { "content-type": "text/csv" }, body: "+14155550100\n" });
        expect(anonymous.status).toBe(401);
      });
    });
  });
}
