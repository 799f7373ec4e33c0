import { describe, expect, it } from "vitest";
import { isStartJobOnly } from "../../../src/jobs/job-operation.js";

const START = "mutation($i: StartPortabilityJobInput!) { startPortabilityJob(input: $i) { id } }";

describe("isStartJobOnly (who may pass MAX_BODY_BYTES)", () => {
  it.each([
    ["the mutation alone", { query: START }, true],
    ["the mutation with a fragment", { query: `mutation($i: StartPortabilityJobInput!) { startPortabilityJob(input: $i) { ...J } } fragment J on PortabilityJob { id }` }, true],
    ["the mutation named by operationName", { query: `mutation S($i: StartPortabilityJobInput!) { startPortabilityJob(input: $i) { id } }`, operationName: "S" }, true],
    ["another operationName", { query: `mutation S($i: StartPortabilityJobInput!) { startPortabilityJob(input: $i) { id } }`, operationName: "T" }, false],
    ["a second root field", { query: `mutation($i: StartPortabilityJobInput!) { startPortabilityJob(input: $i) { id } c: cancelPortabilityJob(id: "x") { id } }` }, false],
    ["a second operation", { query: `${START} query Q { __typename }` }, false],
    ["a query", { query: "query($n: [String!]!) { portabilities(phoneNumbers: $n) { __typename } }" }, false],
    ["a batch (JSON array)", [{ query: START }], false],
    ["unparsable text", { query: "mutation {" }, false],
    ["no query", { variables: {} }, false],
  ])("%s: %s", (_what, body, allowed) => {
    expect(isStartJobOnly(body, 10_000)).toBe(allowed);
  });

  it("refuses query text larger than MAX_BODY_BYTES (numbers inline instead of in variables)", () => {
    expect(isStartJobOnly({ query: START + " ".repeat(10_000) }, 10_000)).toBe(false);
  });
});
