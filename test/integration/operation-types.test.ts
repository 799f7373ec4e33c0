import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postQuery } from "../helpers/graphql-client.js";
import { startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const VALIDATION = "GRAPHQL_VALIDATION_FAILED";
/** The only values portability_graphql_requests_total{operation} may take with today's schema. */
const LABELS = new Set(["portability", "portabilities", "__typename", "introspection", "other", "none", "invalid"]);

describe("operations this API does not execute, and the operation metric label (live app)", () => {
  let stub: StubTwilio;
  let app: TestApp;
  beforeAll(async () => {
    stub = await startStubTwilio();
    app = await startTestApp(stub.url, { LOG_LEVEL: "trace" });
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
  });
  const errorLines = () => app.logs.filter((line) => (line.level as number) >= 50);

  // Regression (issue 7): both were HTTP 200 INTERNAL_SERVER_ERROR, logged at error with a stack.
  // The schema has Mutation and Subscription types since bulk jobs (issue 10): an unknown mutation
  // field is an ordinary validation error, and a subscription is refused whatever else is wrong with it.
  it.each([
    ["mutation { x }", [{ message: 'Cannot query field "x" on type "Mutation".', locations: [{ line: 1, column: 12 }] }]],
    ["subscription { x }", [{ message: "Subscriptions are served over Server-Sent Events at /graphql/stream, not over POST or GET /graphql", locations: [{ line: 1, column: 1 }] }, { message: 'Cannot query field "x" on type "Subscription".', locations: [{ line: 1, column: 16 }] }]],
    [
      'subscription S { portabilityJobUpdates(id: "x") { id } }',
      [{ message: "Subscriptions are served over Server-Sent Events at /graphql/stream, not over POST or GET /graphql", locations: [{ line: 1, column: 1 }] }],
    ],
  ])("POST %j is HTTP 400 GRAPHQL_VALIDATION_FAILED, logged at info only, nothing sent upstream", async (query, errors) => {
    const response = await postQuery(app.url, query, {}, { "x-request-id": `op-type-${query.length}` });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(errors.map((error) => ({ ...error, extensions: { code: VALIDATION } })));
    expect(app.logs.filter((line) => line.requestId === `op-type-${query.length}`)).toEqual([
      expect.objectContaining({ level: 30, msg: "graphql request", outcome: VALIDATION, status: 400, operation: "invalid" }),
    ]);
    expect(errorLines()).toEqual([]);
    expect(stub.received).toHaveLength(0);
  });

  it("GET with a subscription is HTTP 400 too", async () => {
    const url = `${app.url}?query=${encodeURIComponent('subscription { portabilityJobUpdates(id: "x") { id } }')}`;
    const response = await fetch(url, { headers: { "apollo-require-preflight": "true" } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: unknown[] }).errors).toEqual([expect.objectContaining({ message: "Subscriptions are served over Server-Sent Events at /graphql/stream, not over POST or GET /graphql", extensions: { code: VALIDATION } })]);
    expect(errorLines()).toEqual([]);
  });

  // Regression (issue 7): `mutation { aaa1 }` counted under operation="aaa1", a new series per document.
  it("labels requests only with the schema's root fields, introspection, other, none or invalid", async () => {
    const documents = [
      "mutation { aaa1 }",
      "mutation { aaa2 }",
      "{ aaa3 }",
      "{ __typename }",
      "{ a: __typename b: __typename }",
      '{ portability(phoneNumber: "+14155550100") { __typename } }',
      '{ p: portabilities(phoneNumbers: ["+14155550100"]) { __typename } }',
      '{ __typename portability(phoneNumber: "+14155550100") { __typename } }',
      "{ __schema { queryType { name } } }",
      "{ ... on Query { __typename } }",
      "query Named_aaa4 { __typename }",
    ];
    for (const query of documents) await postQuery(app.url, query);
    const text = await (await fetch(app.url.replace("/graphql", "/metrics"))).text();
    const labels = [...text.matchAll(/^portability_graphql_requests_total\{operation="([^"]*)"/gm)].map((match) => match[1]!);
    expect(new Set(labels)).toEqual(new Set(["invalid", "__typename", "portability", "portabilities", "other", "introspection"]));
    for (const label of labels) expect(LABELS.has(label)).toBe(true);
    expect(text).not.toMatch(/aaa/);
  });
});
