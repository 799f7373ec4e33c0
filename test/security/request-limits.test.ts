import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { postQuery } from "../helpers/graphql-client.js";
import { startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { rawRequest } from "./helpers/security-helpers.js";

const NUMBER = "+14155550100";
const CHECK = `portability(phoneNumber: "${NUMBER}") { __typename }`;
const CSRF_MESSAGE =
  "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a 'content-type' header " +
  "(with a type that is not one of application/x-www-form-urlencoded, multipart/form-data, text/plain) or provide a non-empty value " +
  "for one of the following headers: x-apollo-operation-name, apollo-require-preflight\n";
const TOO_LARGE = { errors: [{ message: "Request body is larger than 4096 bytes", extensions: { code: "PAYLOAD_TOO_LARGE" } }] };

/** A JSON body of exactly `bytes` bytes that, if executed, would check NUMBER upstream. */
function bodyOfSize(bytes: number): string {
  const base = JSON.stringify({ query: `{ ${CHECK} }`, variables: {} });
  return base.slice(0, -1) + " ".repeat(bytes - base.length) + "}";
}
const nested = (levels: number) => `{ portability(phoneNumber: "${NUMBER}") { ${"... on Portability { ".repeat(levels)} phoneNumber ${"} ".repeat(levels)} } }`;

describe("what one request may cost (live app, MAX_BODY_BYTES=4096, MAX_TOKENS=200)", () => {
  let stub: StubTwilio;
  let app: TestApp;
  let cheap: TestApp;
  beforeAll(async () => {
    stub = await startStubTwilio();
    app = await startTestApp(stub.url, { MAX_BODY_BYTES: "4096", MAX_TOKENS: "200", LOG_LEVEL: "silent" });
    cheap = await startTestApp(stub.url, { MAX_QUERY_COST: "20", LOG_LEVEL: "silent" });
  });
  afterAll(async () => {
    await app?.close();
    await cheap?.close();
    await stub?.close();
  });
  beforeEach(() => stub.reset());

  describe("body size", () => {
    it("accepts a body of exactly MAX_BODY_BYTES", async () => {
      const body = bodyOfSize(4096);
      expect(Buffer.byteLength(body)).toBe(4096);
      const response = await rawRequest(app.url, { headers: { "content-type": "application/json", "content-length": "4096" }, chunks: [body] });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.text)).toEqual({ data: { portability: { __typename: "Portability" } } });
      expect(stub.received).toHaveLength(1);
    });

    it.each([4097, 5000, 100_000])("refuses %i bytes with an honest Content-Length: 413 PAYLOAD_TOO_LARGE, connection closed, nothing sent", async (bytes) => {
      const body = bodyOfSize(bytes);
      const response = await rawRequest(app.url, { headers: { "content-type": "application/json", "content-length": String(bytes) }, chunks: [body] });
      expect(response.status).toBe(413);
      expect(response.headers.connection).toBe("close");
      expect(JSON.parse(response.text)).toEqual(TOO_LARGE);
      expect(stub.received).toHaveLength(0);
    });

    it("refuses a chunked body without Content-Length once it passes the limit: 413, nothing sent", async () => {
      const body = bodyOfSize(10 * 1024);
      const chunks = Array.from({ length: 10 }, (_, i) => body.slice(i * 1024, (i + 1) * 1024));
      const response = await rawRequest(app.url, { headers: { "content-type": "application/json", "transfer-encoding": "chunked" }, chunks, chunkDelayMs: 5 });
      expect(response.status).toBe(413);
      expect(response.headers.connection).toBe("close");
      expect(JSON.parse(response.text)).toEqual(TOO_LARGE);
      expect(stub.received).toHaveLength(0);
    });

    it("accepts a chunked body under the limit", async () => {
      const body = bodyOfSize(3000);
      const response = await rawRequest(app.url, { headers: { "content-type": "application/json", "transfer-encoding": "chunked" }, chunks: [body.slice(0, 1000), body.slice(1000, 2000), body.slice(2000)] });
      expect(response.status).toBe(200);
      expect(stub.received).toHaveLength(1);
    });
  });

  describe("graphql-armor limits (nothing is sent upstream)", () => {
    it("depth: MAX_QUERY_DEPTH 6 accepts depth 6 and refuses 7 with HTTP 400 GRAPHQL_VALIDATION_FAILED", async () => {
      expect((await postQuery(app.url, nested(4))).body).toEqual({ data: { portability: { phoneNumber: NUMBER } } });
      stub.reset();
      const response = await postQuery(app.url, nested(5));
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ errors: [{ message: "Syntax Error: Query depth limit of 6 exceeded, found 7.", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] });
      expect(stub.received).toHaveLength(0);
    });

    it("depth counts through named fragments too", async () => {
      const fragments = Array.from({ length: 6 }, (_, i) => `fragment F${i} on Portability { ...F${i + 1} }`).join(" ");
      const response = await postQuery(app.url, `{ portability(phoneNumber: "${NUMBER}") { ...F0 } } ${fragments} fragment F6 on Portability { phoneNumber }`);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ message: expect.stringMatching(/^Syntax Error: Query depth limit of 6 exceeded, found \d+\.$/), extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }]);
      expect(stub.received).toHaveLength(0);
    });

    it("aliases: MAX_ALIASES 15 accepts 15 and refuses 16 with HTTP 400 GRAPHQL_VALIDATION_FAILED", async () => {
      const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${CHECK}`).join(" ")} }`;
      expect((await postQuery(app.url, aliased(15))).status).toBe(200);
      stub.reset();
      const response = await postQuery(app.url, aliased(16));
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ errors: [{ message: "Syntax Error: Aliases limit of 15 exceeded, found 16.", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] });
      expect(stub.received).toHaveLength(0);
    });

    it("directives: MAX_DIRECTIVES 10 refuses 11 with HTTP 400 GRAPHQL_VALIDATION_FAILED", async () => {
      const response = await postQuery(app.url, `{ ${CHECK} ${Array.from({ length: 11 }, (_, i) => `a${i}: __typename @skip(if: false)`).join(" ")} }`);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ errors: [{ message: "Syntax Error: Directives limit of 10 exceeded, found 11.", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] });
      expect(stub.received).toHaveLength(0);
    });

    it("cost: MAX_QUERY_COST 20 refuses a query costing 25.25 with HTTP 400 GRAPHQL_VALIDATION_FAILED", async () => {
      const query = `{ portability(phoneNumber: "${NUMBER}") { ... on Portability { phoneNumber portable notPortableReason notPortableReasonCode numberType country pinAndAccountNumberRequired accountSid url } } }`;
      const response = await postQuery(cheap.url, query);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ errors: [{ message: "Syntax Error: Query Cost limit of 20 exceeded, found 25.25.", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] });
      expect(stub.received).toHaveLength(0);
    });

    const manyTokens = `{ ${CHECK} ${"__typename ".repeat(200)}}`;
    it("tokens: MAX_TOKENS 200 refuses a 210-token document with GRAPHQL_PARSE_FAILED before anything runs", async () => {
      const response = await postQuery(app.url, manyTokens);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ message: "Syntax Error: Document contains more that 200 tokens. Parsing aborted.", extensions: { code: "GRAPHQL_PARSE_FAILED" } }),
      ]);
      expect(stub.received).toHaveLength(0);
    });

    // Regression (was a bug): graphql-armor's max-tokens Apollo plugin throws from parsingDidStart/unexpectedErrorProcessingRequest, so Apollo answers HTTP 500 (README: 400).
    it("tokens: the refusal is a client error, HTTP 400", async () => {
      expect((await postQuery(app.url, manyTokens)).status).toBe(400);
    });

    // Regression (was a bug): with max-tokens on, every syntax error goes through armor's own parser: HTTP 500 GRAPHQL_VALIDATION_FAILED instead of 400 GRAPHQL_PARSE_FAILED.
    it("a document with a syntax error is HTTP 400 GRAPHQL_PARSE_FAILED", async () => {
      const response = await postQuery(app.url, "{ portability(");
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ extensions: { code: "GRAPHQL_PARSE_FAILED" } })]);
    });

    it("a document with a syntax error is refused with graphql-js's message, no stack, nothing sent", async () => {
      const response = await postQuery(app.url, "{ portability(");
      expect(response.body).toEqual({
        errors: [{ locations: [{ line: 1, column: 15 }], message: "Syntax Error: Expected Name, found <EOF>.", extensions: { code: "GRAPHQL_PARSE_FAILED" } }],
      });
      expect(stub.received).toHaveLength(0);
    });
  });

  describe("batched operations and CSRF prevention", () => {
    it("refuses a JSON array of operations: HTTP 400 BAD_REQUEST, nothing sent", async () => {
      const response = await fetch(app.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify([{ query: `{ ${CHECK} }` }, { query: `{ ${CHECK} }` }]) });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ errors: [{ message: "Operation batching disabled.", extensions: { code: "BAD_REQUEST" } }] });
      expect(stub.received).toHaveLength(0);
    });

    const search = `?query=${encodeURIComponent(`{ ${CHECK} }`)}`;
    it.each([
      ["GET without preflight headers", "GET", {}],
      ["GET with content-type text/plain", "GET", { "content-type": "text/plain" }],
      ["POST text/plain", "POST", { "content-type": "text/plain" }],
      ["POST application/x-www-form-urlencoded", "POST", { "content-type": "application/x-www-form-urlencoded" }],
      ["POST multipart/form-data", "POST", { "content-type": "multipart/form-data; boundary=x" }],
      ["POST without content-type", "POST", {}],
    ])("blocks %s as potential CSRF: HTTP 400 BAD_REQUEST, nothing sent", async (_name, method, headers: Record<string, string>) => {
      const body = method === "POST" ? JSON.stringify({ query: `{ ${CHECK} }` }) : undefined;
      const response = await rawRequest(app.url + (method === "GET" ? search : ""), { method, headers, chunks: body === undefined ? [] : [body] });
      expect(response.status).toBe(400);
      expect(JSON.parse(response.text)).toEqual({ errors: [{ message: CSRF_MESSAGE, extensions: { code: "BAD_REQUEST" } }] });
      expect(stub.received).toHaveLength(0);
    });

    it.each([
      ["apollo-require-preflight", { "apollo-require-preflight": "true" }],
      ["x-apollo-operation-name", { "x-apollo-operation-name": "Check" }],
      ["content-type application/json", { "content-type": "application/json" }],
    ])("runs a GET query that carries %s", async (_name, headers: Record<string, string>) => {
      const response = await fetch(app.url + search, { headers });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { portability: { __typename: "Portability" } } });
      expect(stub.received).toHaveLength(1);
    });
  });
});
