import { buildSchema, parse, validate, specifiedRules } from "graphql";
import { describe, expect, it } from "vitest";
import { servedOperationsRule } from "../../../src/server/served-operations.rule.js";
import { rootFieldNames } from "../../../src/server/request-log.plugin.js";

/** The schema as it will be once jobs arrive: Mutation and Subscription types exist. */
const WITH_JOBS = buildSchema(`
  type Query { portability(phoneNumber: String!): String }
  type Mutation { startPortabilityJob(phoneNumbers: [String!]!): ID! cancelPortabilityJob(id: ID!): Boolean! }
  type Subscription { portabilityJobUpdates(id: ID!): String }
`);
const QUERY_ONLY = buildSchema("type Query { portability(phoneNumber: String!): String }");
const messages = (schema: typeof WITH_JOBS, query: string) => validate(schema, parse(query), [...specifiedRules, servedOperationsRule]).map((error) => error.message);

describe("servedOperationsRule", () => {
  it("accepts queries, and mutations the schema has", () => {
    expect(messages(WITH_JOBS, '{ portability(phoneNumber: "+1") }')).toEqual([]);
    expect(messages(WITH_JOBS, 'mutation { startPortabilityJob(phoneNumbers: ["+1"]) }')).toEqual([]);
  });

  it("refuses a mutation when the schema has none, and an unknown mutation field as graphql-js's own validation error", () => {
    expect(messages(QUERY_ONLY, "mutation { x }")).toEqual(["This API has no mutation operations"]);
    expect(messages(WITH_JOBS, "mutation { x }")).toEqual(['Cannot query field "x" on type "Mutation".']);
  });

  it("refuses every subscription over HTTP, with or without a Subscription type", () => {
    expect(messages(WITH_JOBS, 'subscription { portabilityJobUpdates(id: "1") }')).toEqual(["Subscriptions are served over Server-Sent Events at /graphql/stream, not over POST or GET /graphql"]);
    expect(messages(QUERY_ONLY, "subscription { x }")).toContain("Subscriptions are served over Server-Sent Events at /graphql/stream, not over POST or GET /graphql");
  });
});

describe("rootFieldNames (the metric's operation labels)", () => {
  it("are every root type's fields plus __typename, read from the schema", () => {
    expect(rootFieldNames(WITH_JOBS)).toEqual(new Set(["__typename", "portability", "startPortabilityJob", "cancelPortabilityJob", "portabilityJobUpdates"]));
  });
});
