import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { assertBatchSize } from "../../../src/server/batch-size.js";

describe("assertBatchSize", () => {
  it.each([
    [0, 1000],
    [1, 1],
    [1000, 1000],
  ])("accepts %i numbers when the limit is %i", (size, max) => {
    expect(() => assertBatchSize(size, max)).not.toThrow();
  });

  it("rejects one number over the limit as BAD_USER_INPUT naming phoneNumbers and both sizes", () => {
    let thrown: unknown;
    try {
      assertBatchSize(1001, 1000);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraphQLError);
    const error = thrown as GraphQLError;
    expect(error.message).toBe("phoneNumbers must hold at most 1000 numbers in one request, got 1001");
    expect(error.extensions).toEqual({
      code: "BAD_USER_INPUT",
      validationErrors: [{ property: "phoneNumbers", constraints: { maxBatchSize: "phoneNumbers must hold at most 1000 numbers in one request" } }],
    });
  });
});
