import { readFileSync } from "node:fs";
import { buildSchema, findBreakingChanges, findDangerousChanges } from "graphql";
import { describe, expect, it } from "vitest";
import { printSchemaFile } from "../../../src/schema/print-schema.js";

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");

describe("schema.graphql", () => {
  it("is what the code emits (run `npm run schema` when this fails)", async () => {
    expect(read("schema.graphql")).toBe(await printSchemaFile());
  });

  it("has no breaking or dangerous change against the public contract (contract/portability.graphql)", () => {
    const contract = buildSchema(read("contract/portability.graphql"));
    const ours = buildSchema(read("schema.graphql"));
    expect(findBreakingChanges(contract, ours).map((change) => change.description)).toEqual([]);
    expect(findDangerousChanges(contract, ours)).toEqual([]);
  });
});
