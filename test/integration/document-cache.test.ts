import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postQuery } from "../helpers/graphql-client.js";
import { startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const BUDGET = 1024 * 1024;
/** A distinct valid query of about 200 KB: comments cost no tokens, so they pass every query limit. */
const padded = (i: number) => `# ${i} ${"x".repeat(200_000)}\n{ __typename }`;

async function cacheBytes(app: TestApp): Promise<number> {
  const text = await (await fetch(app.url.replace("/graphql", "/metrics"))).text();
  const value = /^portability_graphql_document_cache_bytes (\d+)$/m.exec(text)?.[1];
  expect(value).toBeDefined();
  return Number(value);
}

describe(`the parsed-document cache (live app, DOCUMENT_CACHE_BYTES=${BUDGET})`, () => {
  let stub: StubTwilio;
  let app: TestApp;
  beforeAll(async () => {
    stub = await startStubTwilio();
    app = await startTestApp(stub.url, { DOCUMENT_CACHE_BYTES: String(BUDGET), LOG_LEVEL: "silent" });
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
  });

  // Regression (issue 7): Apollo's cache sized each entry by JSON.stringify(document) (~450 B) while
  // it kept the whole query text alive; 1,000 such queries grew RSS from 130 to 376 MB.
  it("holds at most its budget, counting the query text, under a stream of distinct padded queries", async () => {
    let most = 0;
    for (let i = 0; i < 40; i += 1) {
      const response = await postQuery(app.url, padded(i));
      expect(response.body).toEqual({ data: { __typename: "Query" } });
      if (i % 5 === 4) most = Math.max(most, await cacheBytes(app));
    }
    expect(most).toBeGreaterThan(BUDGET / 2);
    expect(most).toBeLessThanOrEqual(BUDGET);
    expect(await cacheBytes(app)).toBeLessThanOrEqual(BUDGET);
  });

  it("still caches ordinary documents", async () => {
    const before = await cacheBytes(app);
    await postQuery(app.url, "query Small { __typename }");
    expect(await cacheBytes(app)).toBeGreaterThan(0);
    expect(before).toBeLessThanOrEqual(BUDGET);
  });

  it("keeps no persisted queries: a request that tries is PERSISTED_QUERY_NOT_SUPPORTED", async () => {
    const extensions = { persistedQuery: { version: 1, sha256Hash: "ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38" } };
    const response = await fetch(app.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }", extensions }) });
    // Apollo answers APQ errors with HTTP 200: APQ clients read the code and resend the full query.
    expect(response.status).toBe(200);
    expect(((await response.json()) as { errors: unknown[] }).errors).toEqual([expect.objectContaining({ extensions: { code: "PERSISTED_QUERY_NOT_SUPPORTED" } })]);
  });
});
