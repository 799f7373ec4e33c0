import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hashSecret } from "../../src/auth/authenticate.js";
import { postQuery } from "../helpers/graphql-client.js";
import { portabilityBody, startStubTwilio, type StubReply, type StubTwilio } from "../helpers/stub-twilio.js";
import { STUB_ACCOUNT_SID, STUB_AUTH_TOKEN, type TestApp } from "../helpers/test-app.js";
import { bearer, startProductionLoggedApp, writeKeysFile, type KeysFile } from "./helpers/security-helpers.js";

/**
 * A mix of everything that can happen to a request, through the production logger at trace level:
 * no response and no log line may carry a credential, an upstream body or (in logs) a whole number.
 */
const SECRET = "caller-secret-Zq9vX2";
const WRONG_SECRET = "wrong-secret-Hk3mP8";
const MARK = "UPSTREAM-BODY";
const BASIC = Buffer.from(`${STUB_ACCOUNT_SID}:${STUB_AUTH_TOKEN}`).toString("base64");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** One number per way a check can end. */
const REPLIES: Record<string, StubReply> = {
  "+14155550101": { status: 200, body: portabilityBody("+14155550101") },
  "+14155550102": { status: 401, body: { code: 20003, message: `${MARK}-401 Authenticate`, status: 401 } },
  "+14155550103": { status: 429, body: `${MARK}-429`, headers: { "retry-after": "0" } },
  "+14155550104": { status: 503, body: `<html>${MARK}-503</html>` },
  "+14155550105": { reset: true },
  "+14155550106": { hang: true },
  "+14155550107": { status: 200, body: `${MARK}-GARBAGE not json` },
  "+14155550108": { status: 500, body: { message: `${MARK}-500 token=${STUB_AUTH_TOKEN} number=+14155550108 auth=Basic ${BASIC}` } },
  "+14155550109": { status: 200, body: `{"portable":true,"note":"${MARK}-BIG ${"x".repeat(70 * 1024)}"}` },
  // A reason code beyond GraphQL's Int: a schema-violating body (UPSTREAM_ERROR), never a failed serialization.
  "+14155550110": { status: 200, body: portabilityBody("+14155550110", { portable: false, not_portable_reason_code: 14155550110 }) },
  // Never reached: the checker itself is made to throw for it, an unexpected error that must be masked and scrubbed.
  "+14155550111": { status: 200, body: portabilityBody("+14155550111") },
};
const EXPLODING = "+14155550111";
const NUMBERS = Object.keys(REPLIES);
const FIELDS = "__typename ... on Portability { phoneNumber portable notPortableReason notPortableReasonCode } ... on PortabilityCheckError { phoneNumber code message twilioErrorCode }";
const SINGLE = `query Check($n: String!, $t: String) { portability(phoneNumber: $n, targetAccountSid: $t) { ${FIELDS} } }`;
const BATCH = `query CheckMany($n: [String!]!) { portabilities(phoneNumbers: $n) { ${FIELDS} } }`;
const PER_REQUEST = new Set(["graphql request", "request refused", "request failed outside GraphQL", "portability checks failed"]);

interface Seen {
  readonly status: number;
  readonly headers: string;
  readonly text: string;
  readonly requestId: string | null;
}

/** Sends a body that says it is 1000 bytes, then hangs up after 10: the body read fails inside the app. */
function abortedRequest(url: string): Promise<void> {
  return new Promise((resolve) => {
    const request = httpRequest(url, { method: "POST", headers: { ...bearer(SECRET), "content-type": "application/json", "content-length": "1000" } });
    request.on("error", () => resolve());
    request.write('{"query":"');
    setTimeout(() => {
      request.destroy();
      setTimeout(resolve, 100);
    }, 50);
  });
}

describe("no credential, upstream body or whole phone number leaks into responses or logs", () => {
  let stub: StubTwilio;
  let app: TestApp;
  let keys: KeysFile;
  const seen: Seen[] = [];
  const record = async (response: Response | { status: number; headers: Headers; body: unknown }): Promise<Seen> => {
    const text = response instanceof Response ? await response.text() : JSON.stringify(response.body);
    const entry = { status: response.status, headers: JSON.stringify([...response.headers]), text, requestId: response.headers.get("x-request-id") };
    seen.push(entry);
    return entry;
  };

  beforeAll(async () => {
    stub = await startStubTwilio();
    stub.respond((request) => REPLIES[request.phoneNumber] ?? { status: 200, body: portabilityBody(request.phoneNumber) });
    keys = writeKeysFile([{ id: "leak-test-key", secret: SECRET, targets: "*" }]);
    app = await startProductionLoggedApp(stub.url, {
      API_KEYS_FILE: keys.path,
      LOG_LEVEL: "trace",
      UPSTREAM_TIMEOUT_MS: "300",
      UPSTREAM_MAX_RETRIES: "1",
      BREAKER_MIN_CHECKS: "1000000",
    });
    const checker = app.app.checker;
    const check = checker.check.bind(checker);
    vi.spyOn(checker, "check").mockImplementation(async (request, ticket) => {
      if (request.phoneNumber === EXPLODING) throw new Error(`checker exploded for ${EXPLODING}`);
      return check(request, ticket);
    });
    for (const number of NUMBERS) await record(await postQuery(app.url, SINGLE, { n: number }, bearer(SECRET)));
    const batch = NUMBERS.filter((number) => number !== EXPLODING);
    await record(await postQuery(app.url, BATCH, { n: [...batch, "+1415555010x", " +14155550101 "] }, bearer(SECRET)));
    await record(await postQuery(app.url, SINGLE, { n: "+14155550101", t: `AC${STUB_AUTH_TOKEN}` }, bearer(SECRET)));
    await record(await postQuery(app.url, SINGLE, { n: "+14155550101" }, bearer(WRONG_SECRET)));
    await record(await postQuery(app.url, SINGLE, { n: "+14155550101" }, { authorization: `Basic ${BASIC}` }));
    await record(await postQuery(app.url, SINGLE, { n: "+14155550101" }, { authorization: `Bearer ${SECRET} ${STUB_AUTH_TOKEN}` }));
    await record(await fetch(app.url, { method: "POST", headers: { ...bearer(SECRET), "content-type": "application/json" }, body: `{"query": "${STUB_AUTH_TOKEN}` }));
    await record(await fetch(app.url, { method: "POST", headers: { ...bearer(SECRET), "content-type": "text/plain" }, body: "{}" }));
    await abortedRequest(app.url);
    for (let waited = 0; waited < 2_000 && !app.rawLogs.some((line) => line.includes('"outcome":"REQUEST_ABORTED"')); waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }, 30_000);
  afterAll(async () => {
    await app?.close();
    await stub?.close();
    keys?.remove();
  });

  const forbiddenEverywhere = () => [
    STUB_AUTH_TOKEN, BASIC, SECRET, WRONG_SECRET, hashSecret(SECRET), hashSecret(WRONG_SECRET), `Bearer ${SECRET}`, `Bearer ${WRONG_SECRET}`, MARK, stub.url,
  ];

  it("ran every kind of request and saw the expected outcomes", () => {
    const codes = JSON.stringify(seen.map((entry) => entry.text));
    for (const code of ["UPSTREAM_AUTHENTICATION_FAILED", "UPSTREAM_RATE_LIMITED", "UPSTREAM_UNAVAILABLE", "UPSTREAM_TIMEOUT", "UPSTREAM_ERROR", "INVALID_PHONE_NUMBER"]) {
      expect(codes).toContain(code);
    }
    expect(seen.map((entry) => entry.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401, 401, 401, 400, 400]);
    expect(JSON.parse(seen[9]!.text).data.portability).toMatchObject({ code: "UPSTREAM_ERROR", twilioErrorCode: null });
    expect(JSON.parse(seen[10]!.text).errors).toEqual([
      expect.objectContaining({ message: "Internal server error", path: ["portability"], extensions: { code: "INTERNAL_SERVER_ERROR" } }),
    ]);
    expect(app.rawLogs.some((line) => line.includes('"unexpected error while handling a GraphQL request"'))).toBe(true);
    expect(app.rawLogs.some((line) => line.includes('"outcome":"REQUEST_ABORTED"'))).toBe(true);
  });

  it("no response body or header carries a credential, an API key, an upstream body or the upstream URL", () => {
    for (const entry of seen) {
      for (const secret of forbiddenEverywhere()) {
        expect(entry.text).not.toContain(secret);
        expect(entry.headers).not.toContain(secret);
      }
      expect(entry.text).not.toContain("Basic ");
      expect(entry.text).not.toMatch(/ {4}at /);
    }
  });

  it("no log line carries a credential, an API key, an Authorization value, an upstream body or a whole phone number", () => {
    expect(app.rawLogs.length).toBeGreaterThan(15);
    const numbers = NUMBERS.flatMap((number) => [number, number.slice(1), number.slice(2)]);
    for (const line of app.rawLogs) {
      for (const secret of [...forbiddenEverywhere(), ...numbers]) expect(line).not.toContain(secret);
      expect(line).not.toContain("Basic ");
    }
  });

  // Every hidden digit is one star, so "+14155550102" logs as "+1********02" (the doc comment of
  // mask-phone-number.ts and the README show "+1*******00", one star short: see the unit tests).
  it("numbers that are logged are masked: country code and last two digits", () => {
    const failed = app.logs.filter((line) => line.msg === "portability checks failed");
    expect(failed.length).toBeGreaterThan(0);
    const samples = failed.flatMap((line) => line.samplePhoneNumbers as string[]);
    expect(samples).toContain("+1********02");
    for (const sample of samples) expect(sample).toMatch(/^\+1\*{8}\d\d$/);
    const unexpected = app.logs.find((line) => line.msg === "unexpected error while handling a GraphQL request")!;
    expect((unexpected.err as { message: string }).message).toBe("checker exploded for +1********11");
  });

  it("every per-request log line has a request id, and each answered request's x-request-id is in the log", () => {
    const perRequest = app.logs.filter((line) => PER_REQUEST.has(line.msg as string));
    expect(perRequest.length).toBeGreaterThanOrEqual(seen.length);
    for (const line of perRequest) expect(line.requestId).toMatch(UUID);
    const logged = new Set(perRequest.map((line) => line.requestId));
    for (const entry of seen.filter((answer) => answer.status !== 400 || !answer.text.includes("Cross-Site"))) {
      expect(entry.requestId).toMatch(UUID);
      expect(logged).toContain(entry.requestId);
    }
    for (const line of app.logs.filter((entry) => entry.msg === "graphql request")) {
      expect(line).toMatchObject({ caller: "leak-test-key", outcome: expect.any(String), status: expect.any(Number), durationMs: expect.any(Number) });
    }
  });

  // Regression (was a bug): format-error.ts (createErrorFormatter, ~l.41) logs through the root logger, so "unexpected error while handling a GraphQL request" has no requestId to correlate it.
  it("the unexpected-error log line carries the request id", () => {
    const unexpected = app.logs.find((line) => line.msg === "unexpected error while handling a GraphQL request")!;
    expect(unexpected.requestId).toBe(seen[10]!.requestId);
  });

  // Regression (was a bug): request-log.plugin.ts logs in willSendResponse only; what Apollo refuses at the HTTP layer (CSRF, batch) or with a 500 (armor) gets no line, no metric.
  it.each([
    ["csrf-probe", { "content-type": "text/plain" }, '{"query":"{__typename}"}'],
    ["batch-probe", { "content-type": "application/json" }, '[{"query":"{__typename}"}]'],
    ["syntax-probe", { "content-type": "application/json" }, '{"query":"{ portability("}'],
  ])("a request Apollo refuses before executing (%s) still gets its log line", async (requestId, headers: Record<string, string>, body) => {
    const response = await fetch(app.url, { method: "POST", headers: { ...bearer(SECRET), ...headers, "x-request-id": requestId }, body });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(app.logs.filter((line) => line.requestId === requestId)).toHaveLength(1);
  });

  it("logs a client's operationName with anything number-like masked", async () => {
    const response = await postQuery(app.url, "query Check_14155550100 { __typename }", {}, { ...bearer(SECRET), "x-request-id": "op-name-probe" });
    expect(response.status).toBe(200);
    const line = app.logs.find((entry) => entry.requestId === "op-name-probe" && entry.msg === "graphql request");
    expect(line?.operationName).toBe("Check_*********00");
  });

  it.each(["client-id.123_abc-XYZ", "a", "x".repeat(64)])("echoes a sane x-request-id %j and logs it", async (given) => {
    const response = await postQuery(app.url, "{ __typename }", {}, { ...bearer(SECRET), "x-request-id": given });
    expect(response.headers.get("x-request-id")).toBe(given);
    expect(app.logs.filter((line) => line.requestId === given && line.msg === "graphql request")).toHaveLength(1);
  });

  it.each(["x".repeat(65), "y".repeat(200), "has space", "tab\there", "semi;colon", "../etc/passwd", "<script>", "a\u00fcb", "", "14155550100", "req-4155550100"])(
    "replaces an insane x-request-id %j with a fresh UUID and never logs it",
    async (given) => {
      const response = await postQuery(app.url, "{ __typename }", {}, { ...bearer(SECRET), "x-request-id": given });
      const replaced = response.headers.get("x-request-id")!;
      expect(replaced).toMatch(UUID);
      expect(app.logs.filter((line) => line.requestId === replaced && line.msg === "graphql request")).toHaveLength(1);
      if (given !== "") expect(app.rawLogs.some((line) => line.includes(JSON.stringify(given).slice(1, -1)))).toBe(false);
    },
  );
});
