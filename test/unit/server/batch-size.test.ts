import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { assertBatchSize, assertWithinAllowance } from "../../../src/server/batch-size.js";

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
      http: { status: 400 },
    });
  });
});

describe("assertWithinAllowance", () => {
  it.each([
    [0, 1],
    [100, 100],
    [1_000_000, null],
  ] as const)("accepts %i numbers when the key's allowance is %s per minute", (size, perMinute) => {
    expect(() => assertWithinAllowance(size, perMinute)).not.toThrow();
  });

  it("rejects a request bigger than the whole allowance as BAD_USER_INPUT, HTTP 400, naming both sizes and the remedy", () => {
    let thrown: unknown;
    try {
      assertWithinAllowance(105, 100);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraphQLError);
    const error = thrown as GraphQLError;
    expect(error.message).toBe("this request has 105 numbers and this API key's allowance is 100 numbers per minute: split it into requests of at most 100");
    expect(error.extensions).toEqual({
      code: "BAD_USER_INPUT",
      validationErrors: [{ property: "phoneNumbers", constraints: { numbersPerMinute: "phoneNumbers must hold at most 100 numbers in one request for this API key" } }],
      http: { status: 400 },
    });
  });
});
