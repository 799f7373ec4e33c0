import { ApolloServer } from "@apollo/server";
import { getIntrospectionQuery } from "graphql";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { TARGET_A, TARGET_B, bearer, writeKeysFile, type KeySpec, type KeysFile } from "../security/helpers/security-helpers.js";

/**
 * A plain JSON POST of a valid document is answered without Apollo's pipeline
 * (src/server/direct-execution.ts). Each case here is sent twice to the live app: once as such a POST,
 * and once with an Accept header only Apollo negotiates (it still answers application/json), which
 * makes Apollo execute it. Both answers must be the same bytes, status and headers; a spy on Apollo
 * proves which path each took.
 */
const DIRECT = { "content-type": "application/json", accept: "application/json" };
const VIA_APOLLO = { "content-type": "application/json", accept: "application/json, text/plain;q=0.1" };

const KEYS: Record<string, KeySpec> = {
  open: { id: "open-key", secret: "s3cret-open", targets: "*", limits: { numbersPerMinute: 1000 } },
  scoped: { id: "scoped-key", secret: "s3cret-scoped", targets: [TARGET_A], limits: { numbersPerMinute: 1000 } },
  // Two requests of one number pass (one per path), then both paths are refused alike.
  scarce: { id: "scarce-key", secret: "s3cret-scarce", targets: "*", limits: { numbersPerMinute: 2 } },
};

const ALL_FIELDS = `__typename
  ... on Portability { id input phoneNumber portable pinAndAccountNumberRequired notPortableReason notPortableReasonCode numberType country targetAccountSid checkedAt nextStep guidance helpUrl }
  ... on PortabilityCheckError { id input phoneNumber code message retryable twilioErrorCode nextStep }`;

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly retryAfter: string | null;
  readonly body: string;
}

describe("direct execution answers exactly as Apollo does (live app)", () => {
  let stub: StubTwilio;
  let app: TestApp;
  let keys: KeysFile;
  let apolloCalls: ReturnType<typeof vi.spyOn>;

  beforeAll(async () => {
    stub = await startStubTwilio();
    keys = writeKeysFile(Object.values(KEYS));
    app = await startTestApp(stub.url, { API_KEYS_FILE: keys.path, MAX_BATCH_SIZE: "5", LOG_LEVEL: "silent" });
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
    keys?.remove();
  });
  beforeEach(() => {
    stub.reset();
    apolloCalls = vi.spyOn(ApolloServer.prototype, "executeHTTPGraphQLRequest");
  });
  afterEach(() => apolloCalls.mockRestore());

  async function send(headers: Record<string, string>, body: unknown, secret = KEYS.open!.secret): Promise<Answer> {
    const response = await fetch(app.url, { method: "POST", headers: { ...headers, ...bearer(secret) }, body: JSON.stringify(body) });
    // checkedAt is when the stub answered: the one field two checks of a number do not share.
    const text = (await response.text()).replace(/"checkedAt":"[^"]+"/g, '"checkedAt":"…"');
    return { status: response.status, contentType: response.headers.get("content-type"), retryAfter: response.headers.get("retry-after"), body: text };
  }

  /** The same request down both paths: the answers, and how many times Apollo ran for each. */
  async function both(body: unknown, secret?: string): Promise<{ direct: Answer; apollo: Answer; apolloRanForDirect: number }> {
    const direct = await send(DIRECT, body, secret);
    const apolloRanForDirect = apolloCalls.mock.calls.length;
    const apollo = await send(VIA_APOLLO, body, secret);
    expect(apolloCalls).toHaveBeenCalledTimes(apolloRanForDirect + 1);
    return { direct, apollo, apolloRanForDirect };
  }

  const same: [string, unknown, string?][] = [
    ["a single check, every field", { query: `query($p: String!) { portability(phoneNumber: $p) { ${ALL_FIELDS} } }`, variables: { p: "+14155550100" } }],
    [
      "a batch with an invalid number and a repeat",
      { query: `query($n: [String!]!) { portabilities(phoneNumbers: $n) { ${ALL_FIELDS} } }`, variables: { n: ["+14155550101", "not a number", "+14155550101"] } },
    ],
    [
      "one of two operations, by operationName",
      { query: "query A { __typename } query B($p: String!) { portability(phoneNumber: $p) { __typename } }", operationName: "B", variables: { p: "+14155550102" } },
    ],
    [
      "fragments, aliases and @skip from a variable",
      {
        query:
          "query($p: String!, $s: Boolean!) { a: portability(phoneNumber: $p) { ...F } b: portability(phoneNumber: $p) @skip(if: $s) { ...F } } fragment F on PortabilityResult { __typename ... on Portability { id portable } }",
        variables: { p: "+14155550103", s: true },
      },
    ],
    ["null variables and operationName", { query: "{ __typename }", variables: null, operationName: null }],
    ["introspection (what GraphiQL and codegen ask)", { query: "{ __schema { queryType { name } types { name kind } } __type(name: \"PortabilityResult\") { possibleTypes { name } } }" }],
    [
      "arguments that fail validation: BAD_USER_INPUT with the rules, nothing checked",
      { query: `{ portability(phoneNumber: "+14155550104", targetAccountSid: "not-a-sid") { __typename } }` },
    ],
    ["a batch over MAX_BATCH_SIZE: refused before anything runs, 400", { query: `query($n: [String!]!) { portabilities(phoneNumbers: $n) { __typename } }`, variables: { n: ["1", "2", "3", "4", "5", "6"] } }],
    ["a target the key may not check: 403", { query: `{ portability(phoneNumber: "+14155550105", targetAccountSid: "${TARGET_B}") { __typename } }` }, KEYS.scoped!.secret],
    [
      "an execution error with an HTTP status (a job too large is refused by the job service)",
      { query: `mutation($n: [String!]!) { startPortabilityJob(input: { phoneNumbers: $n }) { id } }`, variables: { n: [] } },
    ],
  ];

  it.each(same)("%s: the same answer down both paths, and Apollo ran only for the second", async (_name, body, secret) => {
    const { direct, apollo, apolloRanForDirect } = await both(body, secret);
    expect(apolloRanForDirect).toBe(0);
    expect(direct).toEqual(apollo);
    expect(direct.contentType).toBe("application/json; charset=utf-8");
  });

  it("a large answer (over 64 kB and not all ASCII, sent as bytes): the same bytes down both paths", async () => {
    // Every type with its descriptions, twice (aliases: GraphiQL's introspection fragments), and a
    // number the answer echoes in multi-byte UTF-8.
    const fragments = getIntrospectionQuery({ descriptions: true }).slice(getIntrospectionQuery().indexOf("fragment FullType"));
    const echoed = `c: portability(phoneNumber: "☎ 415 555 01é0") { __typename ... on Portability { input } ... on PortabilityCheckError { input code } }`;
    const query = `{ a: __schema { ...Types } b: __schema { ...Types } ${echoed} } fragment Types on __Schema { types { ...FullType } } ${fragments}`;
    const { direct, apollo, apolloRanForDirect } = await both({ query });
    expect(apolloRanForDirect).toBe(0);
    expect(direct.body.length).toBeGreaterThan(64 * 1024);
    expect(direct.body).toContain('"input":"☎ 415 555 01é0"');
    expect(direct.body.endsWith("}\n")).toBe(true);
    expect(direct).toEqual(apollo);
  });

  it("an allowance spent: both paths refuse with the same 429, Retry-After and body", async () => {
    const body = { query: `query($p: String!) { portability(phoneNumber: $p) { __typename } }`, variables: { p: "+14155550106" } };
    const spent = await both(body, KEYS.scarce!.secret);
    expect([spent.direct.status, spent.apollo.status]).toEqual([200, 200]);
    const { direct, apollo, apolloRanForDirect } = await both(body, KEYS.scarce!.secret);
    expect(apolloRanForDirect).toBe(spent.apolloRanForDirect + 1);
    expect(direct.status).toBe(429);
    expect(direct.retryAfter).toMatch(/^\d+$/);
    expect({ ...direct, retryAfter: null }).toEqual({ ...apollo, retryAfter: null });
    expect(JSON.parse(direct.body)).toEqual({ errors: [expect.objectContaining({ extensions: { code: "RATE_LIMITED" } })] });
  });

  it("answers application/graphql-response+json when that is all the client accepts, as Apollo does", async () => {
    const response = await fetch(app.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...bearer(KEYS.open!.secret) },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(apolloCalls).not.toHaveBeenCalled();
    expect(response.headers.get("content-type")).toBe("application/graphql-response+json; charset=utf-8");
    expect(await response.text()).toBe('{"data":{"__typename":"Query"}}\n');
  });

  // What the direct path does not answer goes to Apollo untouched, before anything is spent or sent.
  const handedBack: [string, unknown][] = [
    ["a syntax error", { query: "{ portability(" }],
    ["a document that fails validation", { query: "{ nope }" }],
    ["an unknown operationName", { query: "query A { __typename }", operationName: "B" }],
    ["variables that do not coerce", { query: `query($p: String!) { portability(phoneNumber: $p) { __typename } }`, variables: { p: 5 } }],
    ["a subscription", { query: "subscription { portabilityJobUpdates(id: \"x\") { id } }" }],
    ["extensions (a persisted query)", { query: "{ __typename }", extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }],
    ["variables that are not an object", { query: "{ __typename }", variables: [1] }],
  ];

  it.each(handedBack)("%s: handed to Apollo, which answers it, and nothing is sent upstream", async (_name, body) => {
    const answer = await send(DIRECT, body);
    expect(apolloCalls).toHaveBeenCalledTimes(1);
    expect(answer.status).toBeGreaterThanOrEqual(200);
    expect(JSON.parse(answer.body).errors).toEqual([expect.objectContaining({ message: expect.any(String) })]);
    expect(stub.received).toHaveLength(0);
  });
});
