import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postQuery } from "../helpers/graphql-client.js";
import { startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** The README's full selection. */
const SELECTION =
  "{ __typename ... on Portability { phoneNumber portable notPortableReason notPortableReasonCode numberType country pinAndAccountNumberRequired accountSid url } " +
  "... on PortabilityCheckError { phoneNumber code message retryable twilioErrorCode } }";
const numbers = (count: number, from = 0) => Array.from({ length: count }, (_, i) => `+1415555${String(from + i).padStart(4, "0")}`);
const inline = (list: readonly string[]) => `[${list.map((number) => JSON.stringify(number)).join(", ")}]`;

describe("a full batch written inline in the query text (live app, default limits)", () => {
  let stub: StubTwilio;
  let app: TestApp;
  let overridden: TestApp;
  beforeAll(async () => {
    stub = await startStubTwilio();
    app = await startTestApp(stub.url, { LOG_LEVEL: "silent" });
    overridden = await startTestApp(stub.url, { MAX_TOKENS: "1000", LOG_LEVEL: "silent" });
  });
  afterAll(async () => {
    await app?.close();
    await overridden?.close();
    await stub?.close();
  });

  // Regression (issue 7): the fixed MAX_TOKENS=1000 made this a syntax error.
  it("answers MAX_BATCH_SIZE (1000) inline numbers with the full selection, one result per number in order", async () => {
    const list = numbers(1000);
    const response = await postQuery<{ portabilities: Array<{ phoneNumber: string; portable: boolean }> }>(
      app.url,
      `query Batch { portabilities(phoneNumbers: ${inline(list)}) ${SELECTION} }`,
    );
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.portabilities.map((result) => result.phoneNumber)).toEqual(list);
    expect(response.body.data!.portabilities.every((result) => result.portable)).toBe(true);
  }, 60_000);

  it("answers the batch split inline over all 15 aliases with the full selection", async () => {
    const fields = Array.from({ length: 15 }, (_, i) => `a${i}: portabilities(phoneNumbers: ${inline(numbers(i < 10 ? 67 : 66, i * 67))}) ${SELECTION}`);
    const response = await postQuery(app.url, `{ ${fields.join(" ")} }`);
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(Object.values(response.body.data!).flat()).toHaveLength(1000);
  }, 60_000);

  it("still refuses one number over MAX_BATCH_SIZE (BAD_USER_INPUT) and a document of many more tokens (GRAPHQL_PARSE_FAILED)", async () => {
    const over = await postQuery(app.url, `{ portabilities(phoneNumbers: ${inline(numbers(1001))}) { __typename } }`);
    expect(over.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) })]);
    const padded = await postQuery(app.url, `{ ${"__typename ".repeat(3000)}}`);
    expect(padded.status).toBe(400);
    expect(padded.body.errors).toEqual([expect.objectContaining({ extensions: { code: "GRAPHQL_PARSE_FAILED" } })]);
  });

  it("MAX_TOKENS still overrides the derived limit", async () => {
    const response = await postQuery(overridden.url, `{ portabilities(phoneNumbers: ${inline(numbers(1000))}) { __typename } }`);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ message: "Syntax Error: Document contains more that 1000 tokens. Parsing aborted.", extensions: { code: "GRAPHQL_PARSE_FAILED" } }),
    ]);
  });
});
