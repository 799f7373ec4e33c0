import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { postQuery } from "../helpers/graphql-client.js";
import { startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { TARGET_A, TARGET_B, bearer, writeKeysFile, type KeySpec, type KeysFile } from "./helpers/security-helpers.js";

/**
 * A request's numbers are admitted once, all fields and aliases together, before any field resolves
 * (src/server/admission.ts): refused means nothing sent upstream and nothing charged. Every key here
 * is used by one test only, so each test starts with a full allowance.
 */
const number = (i: number) => `+1415555${String(i).padStart(4, "0")}`;
const numbers = (from: number, count: number) => Array.from({ length: count }, (_, i) => number(from + i));
const batch = (alias: string, list: readonly string[], extra = "") =>
  `${alias}: portabilities(phoneNumbers: ${JSON.stringify(list)}${extra}) { __typename }`;
const BATCH = `query($n: [String!]!) { portabilities(phoneNumbers: $n) { __typename } }`;

const key = (id: string, numbersPerMinute: number, targets: KeySpec["targets"] = "*"): KeySpec => ({
  id,
  secret: `s3cret-${id}`,
  targets,
  limits: { numbersPerMinute },
});
const KEYS = {
  aliases: key("aliases-100", 100),
  oversize: key("oversize-100", 100),
  fragments: key("fragments-10", 10),
  batchSize: key("batch-size-100", 100),
  forbidden: key("forbidden-100", 100, [TARGET_A]),
};

/** Spends `count` numbers of `spec`'s allowance with one batch of fresh numbers; expects it to pass. */
async function spend(url: string, spec: KeySpec, from: number, count: number): Promise<void> {
  const response = await postQuery(url, BATCH, { n: numbers(from, count) }, bearer(spec.secret));
  expect(response.status).toBe(200);
  expect(response.body.errors).toBeUndefined();
}

describe("admission: a request is counted and admitted once, before anything resolves (live app)", () => {
  let stub: StubTwilio;
  let app: TestApp;
  let keysFile: KeysFile;
  beforeAll(async () => {
    stub = await startStubTwilio();
    keysFile = writeKeysFile(Object.values(KEYS));
    app = await startTestApp(stub.url, { API_KEYS_FILE: keysFile.path, MAX_BATCH_SIZE: "200", LOG_LEVEL: "silent" });
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
    keysFile?.remove();
  });
  beforeEach(() => stub.reset());

  // Regression (issue 7, item 8): aliases were admitted one by one as they resolved; 13 of 15 were charged and sent before the 14th was refused.
  it("15 aliases × 6 numbers with 80 of 100/minute left: HTTP 429 with Retry-After, 0 upstream calls, and the 80 still there", async () => {
    await spend(app.url, KEYS.aliases, 9000, 20);
    stub.reset();
    const query = `{ ${Array.from({ length: 15 }, (_, a) => batch(`a${a}`, numbers(a * 10, 6))).join(" ")} }`;
    const refused = await postQuery(app.url, query, {}, bearer(KEYS.aliases.secret));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.body).toEqual({
      errors: [{ message: expect.stringMatching(/^Rate limit reached: too many numbers per minute for this API key; retry in \d+ s$/), extensions: { code: "RATE_LIMITED" } }],
    });
    expect(stub.received).toEqual([]);
    await spend(app.url, KEYS.aliases, 9100, 80);
    expect(stub.received).toHaveLength(80);
  });

  // Regression (issue 7, item 8): 15 × 7 against 100/minute was a 429 after 98 numbers had been charged and sent.
  it("15 aliases × 7 numbers against 100/minute (more than the whole allowance): HTTP 400 BAD_USER_INPUT, 0 upstream calls, nothing charged", async () => {
    const query = `{ ${Array.from({ length: 15 }, (_, a) => batch(`a${a}`, numbers(a * 10, 7))).join(" ")} }`;
    const refused = await postQuery(app.url, query, {}, bearer(KEYS.oversize.secret));
    expect(refused.status).toBe(400);
    expect(refused.headers.get("retry-after")).toBeNull();
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        message: "this request has 105 numbers and this API key's allowance is 100 numbers per minute: split it into requests of at most 100",
        extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }),
      }),
    ]);
    expect(stub.received).toEqual([]);
    await spend(app.url, KEYS.oversize, 9000, 50);
    await spend(app.url, KEYS.oversize, 9050, 50);
  });

  it("counts root fields inside fragment spreads and inline fragments, variables and repeats included: 11 of 10 is refused, nothing sent", async () => {
    const query = `query($n: [String!]!) {
      ...Checks
      ... on Query { single: portability(phoneNumber: "${number(1)}") { __typename } }
      ... { repeated: portabilities(phoneNumbers: $n) { __typename } }
    }
    fragment Checks on Query { ${batch("listed", numbers(10, 5))} }`;
    const refused = await postQuery(app.url, query, { n: [number(20), number(20), number(21), number(22), number(23)] }, bearer(KEYS.fragments.secret));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ message: "this request has 11 numbers and this API key's allowance is 10 numbers per minute: split it into requests of at most 10" }),
    ]);
    expect(stub.received).toEqual([]);
  });

  it("MAX_BATCH_SIZE 200 counts all aliases together and comes before the allowance: 2 × 110 is HTTP 400 naming the batch size, nothing sent or charged", async () => {
    const query = `{ ${batch("a", numbers(0, 110))} ${batch("b", numbers(200, 110))} }`;
    const refused = await postQuery(app.url, query, {}, bearer(KEYS.batchSize.secret));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ message: "phoneNumbers must hold at most 200 numbers in one request, got 220", extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) }),
    ]);
    expect(stub.received).toEqual([]);
    await spend(app.url, KEYS.batchSize, 9000, 100);
  });

  it("target scope comes first: one forbidden alias refuses the whole request (HTTP 403), nothing sent or charged", async () => {
    const query = `{ ${batch("allowed", numbers(0, 10), `, targetAccountSid: "${TARGET_A}"`)} ${batch("other", numbers(20, 10), `, targetAccountSid: "${TARGET_B}"`)} }`;
    const refused = await postQuery(app.url, query, {}, bearer(KEYS.forbidden.secret));
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      errors: [{ message: `this API key may not check numbers for targetAccountSid ${TARGET_B}`, extensions: { code: "FORBIDDEN" } }],
    });
    expect(stub.received).toEqual([]);
    await spend(app.url, KEYS.forbidden, 9000, 50);
    await spend(app.url, KEYS.forbidden, 9050, 50);
  });
});
