import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashSecret } from "../../src/auth/authenticate.js";
import { ConfigError } from "../../src/config/config-error.js";
import { readConfig } from "../../src/config/config.js";
import { postQuery } from "../helpers/graphql-client.js";
import { portabilityBody, startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { STUB_ACCOUNT_SID, startTestApp, type TestApp } from "../helpers/test-app.js";
import { TARGET_A, TARGET_B, bearer, writeKeysFile, writeRawKeysFile, type KeysFile } from "./helpers/security-helpers.js";

const NUMBER = "+14155550100";
const SINGLE = `query($n: String!, $t: String) { portability(phoneNumber: $n, targetAccountSid: $t) { __typename ... on Portability { phoneNumber accountSid } } }`;
const BATCH = `query($n: [String!]!) { portabilities(phoneNumbers: $n) { __typename } }`;

const KEYS = {
  one: { id: "one-target", secret: "s3cret-one-target-key", targets: [TARGET_A] },
  two: { id: "two-targets", secret: "s3cret-two-targets-key", targets: [TARGET_A, TARGET_B] },
  twoWithOwn: { id: "two-with-own", secret: "s3cret-two-with-own-key", targets: [TARGET_A, STUB_ACCOUNT_SID] },
  any: { id: "any-target", secret: "s3cret-any-target-key", targets: "*" as const },
  slow: { id: "three-requests", secret: "s3cret-three-requests", targets: "*" as const, limits: { requestsPerMinute: 3 } },
  few: { id: "five-numbers", secret: "s3cret-five-numbers", targets: "*" as const, limits: { numbersPerMinute: 5 } },
};

describe("access control with API_KEYS_FILE (live app)", () => {
  let stub: StubTwilio;
  let app: TestApp;
  let keysFile: KeysFile;
  beforeAll(async () => {
    stub = await startStubTwilio();
    // The stub answers with the target it was asked about, so each result shows which target it was for.
    stub.respond((request) => ({ status: 200, body: portabilityBody(request.phoneNumber, { account_sid: request.query.TargetAccountSid ?? null }) }));
    keysFile = writeKeysFile(Object.values(KEYS));
    app = await startTestApp(stub.url, { API_KEYS_FILE: keysFile.path, LOG_LEVEL: "silent" });
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
    keysFile?.remove();
  });
  beforeEach(() => stub.reset());

  describe("authentication", () => {
    it.each([
      ["no Authorization header", {}],
      ["an empty Authorization header", { authorization: "" }],
      ["a Basic header", { authorization: `Basic ${Buffer.from(`x:${KEYS.any.secret}`).toString("base64")}` }],
      ["Bearer without a secret", { authorization: "Bearer" }],
      ["Bearer with two words", { authorization: `Bearer ${KEYS.any.secret} extra` }],
      ["the secret without a scheme", { authorization: KEYS.any.secret }],
      ["an unknown secret", bearer("not-a-configured-secret")],
      ["a secret differing in case", bearer(KEYS.any.secret.toUpperCase())],
      ["the secret's SHA-256 instead of the secret", bearer(hashSecret(KEYS.any.secret))],
    ])("refuses %s: HTTP 401 UNAUTHENTICATED with WWW-Authenticate, nothing sent upstream", async (_name, headers: Record<string, string>) => {
      const response = await postQuery(app.url, SINGLE, { n: NUMBER }, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="portability-graphql"');
      expect(response.body).toEqual({
        errors: [{ message: "Missing or unknown API key: send Authorization: Bearer <key>", extensions: { code: "UNAUTHENTICATED" } }],
      });
      expect(stub.received).toHaveLength(0);
    });

    it.each([["Bearer"], ["bearer"], ["BEARER"]])("accepts the scheme spelled %s", async (scheme) => {
      const response = await postQuery(app.url, SINGLE, { n: NUMBER }, { authorization: `${scheme} ${KEYS.any.secret}` });
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ portability: { __typename: "Portability", phoneNumber: NUMBER, accountSid: null } });
    });
  });

  describe("target scope", () => {
    it("a key with one target uses it when the query gives none", async () => {
      const response = await postQuery(app.url, SINGLE, { n: NUMBER }, bearer(KEYS.one.secret));
      expect(response.body).toEqual({ data: { portability: { __typename: "Portability", phoneNumber: NUMBER, accountSid: TARGET_A } } });
      expect(stub.received.map((seen) => seen.query)).toEqual([{ TargetAccountSid: TARGET_A }]);
    });

    it("a key with one target may name it", async () => {
      const response = await postQuery(app.url, SINGLE, { n: NUMBER, t: TARGET_A }, bearer(KEYS.one.secret));
      expect(response.body.data).toEqual({ portability: { __typename: "Portability", phoneNumber: NUMBER, accountSid: TARGET_A } });
      expect(stub.received.map((seen) => seen.query)).toEqual([{ TargetAccountSid: TARGET_A }]);
    });

    it.each([
      ["another target", TARGET_B],
      ["the service's own account", STUB_ACCOUNT_SID],
    ])("a key with one target is FORBIDDEN for %s (HTTP 403, the whole request), before anything is sent", async (_name, target) => {
      const response = await postQuery(app.url, SINGLE, { n: NUMBER, t: target }, bearer(KEYS.one.secret));
      expect(response.status).toBe(403);
      expect(response.body.data).toBeUndefined();
      expect(response.body.errors).toEqual([
        expect.objectContaining({ message: `this API key may not check numbers for targetAccountSid ${target}`, extensions: { code: "FORBIDDEN" } }),
      ]);
      expect(stub.received).toHaveLength(0);
    });

    it("a key with two targets must name one when neither is the service's own account", async () => {
      const response = await postQuery(app.url, SINGLE, { n: NUMBER }, bearer(KEYS.two.secret));
      expect(response.status).toBe(403);
      expect(response.body.data).toBeUndefined();
      expect(response.body.errors).toEqual([
        expect.objectContaining({ message: "this API key may check several target accounts: give targetAccountSid", extensions: { code: "FORBIDDEN" } }),
      ]);
      expect(stub.received).toHaveLength(0);
      const named = await postQuery(app.url, SINGLE, { n: NUMBER, t: TARGET_B }, bearer(KEYS.two.secret));
      expect(named.body.data).toEqual({ portability: { __typename: "Portability", phoneNumber: NUMBER, accountSid: TARGET_B } });
      expect(stub.received.map((seen) => seen.query)).toEqual([{ TargetAccountSid: TARGET_B }]);
    });

    it("a key with two targets, one the service's own account, sends no target when none is given (Twilio assumes its own)", async () => {
      const response = await postQuery(app.url, SINGLE, { n: NUMBER }, bearer(KEYS.twoWithOwn.secret));
      expect(response.body.data).toEqual({ portability: { __typename: "Portability", phoneNumber: NUMBER, accountSid: null } });
      expect(stub.received.map((seen) => seen.query)).toEqual([{}]);
    });

    it('a "*" key may check any target, or none', async () => {
      for (const target of [TARGET_A, TARGET_B, STUB_ACCOUNT_SID, null]) {
        const response = await postQuery(app.url, SINGLE, { n: NUMBER, t: target }, bearer(KEYS.any.secret));
        expect(response.body.data).toEqual({ portability: { __typename: "Portability", phoneNumber: NUMBER, accountSid: target } });
      }
      expect(stub.received.map((seen) => seen.query)).toEqual([{ TargetAccountSid: TARGET_A }, { TargetAccountSid: TARGET_B }, { TargetAccountSid: STUB_ACCOUNT_SID }, {}]);
    });

    it("results are not shared across targets: the same number for two targets in one request is two upstream calls", async () => {
      const query = `{ a: portability(phoneNumber: "${NUMBER}", targetAccountSid: "${TARGET_A}") { ... on Portability { accountSid } }
        b: portability(phoneNumber: "${NUMBER}", targetAccountSid: "${TARGET_B}") { ... on Portability { accountSid } }
        c: portability(phoneNumber: " ${NUMBER}", targetAccountSid: "${TARGET_A}") { ... on Portability { accountSid } } }`;
      const response = await postQuery(app.url, query, {}, bearer(KEYS.any.secret));
      expect(response.body).toEqual({ data: { a: { accountSid: TARGET_A }, b: { accountSid: TARGET_B }, c: { accountSid: TARGET_A } } });
      expect(stub.received.map((seen) => seen.query.TargetAccountSid).sort()).toEqual([TARGET_A, TARGET_B]);
    });
  });

  describe("per-key rate limits", () => {
    it("requestsPerMinute 3: the 4th request is HTTP 429 RATE_LIMITED with Retry-After; another key is not affected", async () => {
      for (let i = 0; i < 3; i += 1) {
        expect((await postQuery(app.url, SINGLE, { n: NUMBER }, bearer(KEYS.slow.secret))).status).toBe(200);
      }
      const refused = await postQuery(app.url, SINGLE, { n: NUMBER }, bearer(KEYS.slow.secret));
      expect(refused.status).toBe(429);
      const retryAfter = refused.headers.get("retry-after")!;
      expect(retryAfter).toMatch(/^\d+$/);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(retryAfter)).toBeLessThanOrEqual(60);
      expect(refused.body).toEqual({
        errors: [{ message: `Rate limit reached: too many requests per minute for this API key; retry in ${retryAfter} s`, extensions: { code: "RATE_LIMITED" } }],
      });
      expect(stub.received).toHaveLength(3);
      const other = await postQuery(app.url, SINGLE, { n: NUMBER }, bearer(KEYS.any.secret));
      expect(other.status).toBe(200);
      expect(other.body.data).toBeTruthy();
    });

    it("numbersPerMinute 5: a batch crossing it is HTTP 429 RATE_LIMITED, nothing of it sent; another key is not affected", async () => {
      const first = await postQuery(app.url, BATCH, { n: ["+14155550101", "+14155550102", "+14155550103"] }, bearer(KEYS.few.secret));
      expect(first.status).toBe(200);
      expect(stub.received).toHaveLength(3);
      stub.reset();
      const crossing = await postQuery(app.url, BATCH, { n: ["+14155550104", "+14155550105", "+14155550106"] }, bearer(KEYS.few.secret));
      expect(crossing.status).toBe(429);
      expect(Number(crossing.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(crossing.body.data).toBeUndefined();
      expect(crossing.body.errors).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/^Rate limit reached: too many numbers per minute for this API key; retry in \d+ s$/), extensions: { code: "RATE_LIMITED" } }),
      ]);
      expect(stub.received).toHaveLength(0);
      const other = await postQuery(app.url, BATCH, { n: ["+14155550104", "+14155550105", "+14155550106"] }, bearer(KEYS.any.secret));
      expect(other.status).toBe(200);
      expect(stub.received).toHaveLength(3);
    });

    // Regression (issue 7, item 8): this was 429 "retry in 60 s", which no wait could ever satisfy.
    it("numbersPerMinute 5: a batch of 6 (more than the whole allowance) is HTTP 400 BAD_USER_INPUT saying to split it, and spends nothing", async () => {
      const fresh = writeKeysFile([{ id: "fresh-five", secret: "s3cret-fresh-five", targets: "*", limits: { numbersPerMinute: 5 } }]);
      const own = await startTestApp(stub.url, { API_KEYS_FILE: fresh.path, LOG_LEVEL: "silent" });
      try {
        const numbers = ["+14155550111", "+14155550112", "+14155550113", "+14155550114", "+14155550115"];
        const tooMany = await postQuery(own.url, BATCH, { n: [...numbers, "+14155550116"] }, bearer("s3cret-fresh-five"));
        expect(tooMany.status).toBe(400);
        expect(tooMany.headers.get("retry-after")).toBeNull();
        expect(tooMany.body.errors).toEqual([
          expect.objectContaining({
            message: "this request has 6 numbers and this API key's allowance is 5 numbers per minute: split it into requests of at most 5",
            extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }),
          }),
        ]);
        expect(stub.received).toHaveLength(0);
        const whole = await postQuery(own.url, BATCH, { n: numbers }, bearer("s3cret-fresh-five"));
        expect(whole.status).toBe(200);
        expect(stub.received).toHaveLength(5);
      } finally {
        await own.close();
        fresh.remove();
      }
    });
  });
});

describe("readConfig refuses unsafe or malformed access configuration", () => {
  const base = { TWILIO_ACCOUNT_SID: STUB_ACCOUNT_SID, TWILIO_AUTH_TOKEN: "t0ken" };
  const configErrorOf = (env: Record<string, string>): ConfigError => {
    try {
      readConfig({ ...base, ...env });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error("readConfig did not throw");
  };

  it.each(["0.0.0.0", "::", "192.168.1.10", "example.com"])("HOST=%s without API_KEYS_FILE is a ConfigError naming HOST", (host) => {
    const error = configErrorOf({ HOST: host });
    expect(error.variable).toBe("HOST");
    expect(error.message).toMatch(new RegExp(`^HOST: is ${host.replace(/\./g, "\\.")}, not loopback, and no API_KEYS_FILE is set`));
  });

  it.each(["127.0.0.1", "127.1.2.3", "localhost", "::1"])("HOST=%s (loopback) needs no API_KEYS_FILE", (host) => {
    expect(readConfig({ ...base, HOST: host }).auth.apiKeys).toBeNull();
  });

  it("HOST=0.0.0.0 is allowed with ALLOW_UNAUTHENTICATED=true, or with API_KEYS_FILE", () => {
    expect(readConfig({ ...base, HOST: "0.0.0.0", ALLOW_UNAUTHENTICATED: "true" }).auth.apiKeys).toBeNull();
    const file = writeKeysFile([KEYS.any]);
    try {
      expect(readConfig({ ...base, HOST: "0.0.0.0", API_KEYS_FILE: file.path }).auth.apiKeys).toEqual([
        { id: KEYS.any.id, secretSha256: hashSecret(KEYS.any.secret), targets: "*" },
      ]);
    } finally {
      file.remove();
    }
  });

  const SHA_A = hashSecret("first-secret");
  const SHA_B = hashSecret("second-secret");
  const key = (fields: Record<string, unknown>) => ({ id: "k1", secretSha256: SHA_A, targets: "*", ...fields });
  it.each([
    ["not JSON", `{"keys":[{"id":"k1","secretSha256":"${SHA_A}","targets":"*"}],}`, / is not valid JSON$/],
    ["empty", "", / is not valid JSON$/],
    ["no keys", JSON.stringify({ keys: [] }), /\/keys must NOT have fewer than 1 items/],
    ["a key without secretSha256", JSON.stringify({ keys: [{ id: "k1", targets: "*" }] }), /must have required property 'secretSha256'/],
    ["a secret instead of its hash", JSON.stringify({ keys: [key({ secretSha256: "plain-text-secret" })] }), /\/keys\/0\/secretSha256 must match pattern/],
    ["an upper-case hash", JSON.stringify({ keys: [key({ secretSha256: SHA_A.toUpperCase() })] }), /\/keys\/0\/secretSha256 must match pattern/],
    ["a duplicate id", JSON.stringify({ keys: [key({}), key({ secretSha256: SHA_B })] }), /key id "k1" appears twice/],
    ["a bad target SID", JSON.stringify({ keys: [key({ targets: ["AC123"] })] }), /\/keys\/0\/targets must be equal to constant$/],
    ["an empty target list", JSON.stringify({ keys: [key({ targets: [] })] }), /\/keys\/0\/targets must be equal to constant$/],
    ["a zero limit", JSON.stringify({ keys: [key({ limits: { requestsPerMinute: 0 } })] }), /\/keys\/0\/limits\/requestsPerMinute must be >= 1/],
    ["an unknown field", JSON.stringify({ keys: [key({ secret: "oops-plain" })] }), /\/keys\/0 must NOT have additional properties/],
  ])("a keys file with %s is a ConfigError naming API_KEYS_FILE, without any secretSha256 in the message", (_name, text, rule) => {
    const file = writeRawKeysFile(text);
    try {
      const error = configErrorOf({ API_KEYS_FILE: file.path });
      expect(error.variable).toBe("API_KEYS_FILE");
      expect(error.message.startsWith("API_KEYS_FILE: ")).toBe(true);
      expect(error.message).toMatch(rule);
      for (const secret of [SHA_A, SHA_B, SHA_A.toUpperCase(), "plain-text-secret", "oops-plain"]) expect(error.message).not.toContain(secret);
    } finally {
      file.remove();
    }
  });

  it("a missing keys file is a ConfigError naming API_KEYS_FILE", () => {
    const error = configErrorOf({ API_KEYS_FILE: "/nonexistent/keys.json" });
    expect(error.variable).toBe("API_KEYS_FILE");
    expect(error.message).toMatch(/^API_KEYS_FILE: cannot read \/nonexistent\/keys\.json \(ENOENT\)$/);
  });

  // Regression (was a bug): api-keys-file.ts:49 copies V8's JSON.parse message, which quotes ~10 characters around the error: an unquoted value leaks part of it.
  it("a keys file whose syntax error is inside a secretSha256 value quotes no part of it", () => {
    const file = writeRawKeysFile(`{"keys":[{"id":"k1","secretSha256":${SHA_A},"targets":"*"}]}`);
    try {
      const error = configErrorOf({ API_KEYS_FILE: file.path });
      expect(error.variable).toBe("API_KEYS_FILE");
      for (let start = 0; start + 8 <= SHA_A.length; start += 1) expect(error.message).not.toContain(SHA_A.slice(start, start + 8));
    } finally {
      file.remove();
    }
  });
});
