import { ValidationError } from "class-validator";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError } from "type-graphql";
import { describe, expect, it } from "vitest";
import { formatError as format, isClientError } from "../../../src/server/format-error.js";

const SECRET_INPUT = "+14155550100-secret-input";
const SECRET_TARGET = "AC-secret-target-object";
const LOCATIONS = [{ line: 1, column: 3 }];
const PATH = ["portability"];

function validationError(property: string, constraints: Record<string, string> | undefined): ValidationError {
  const error = new ValidationError();
  error.property = property;
  error.value = SECRET_INPUT;
  error.target = { phoneNumber: SECRET_INPUT, targetAccountSid: SECRET_TARGET } as object;
  error.constraints = constraints;
  error.children = [];
  return error;
}

/** What graphql-js makes of an error a resolver throws: located, with the thrown error as originalError. */
function thrownInResolver(original: Error): GraphQLError {
  return new GraphQLError(original.message, { path: PATH, originalError: original });
}

/** What Apollo hands formatError: the error's JSON, with a stacktrace as in development. */
function formattedOf(error: GraphQLError, extensions: Record<string, unknown> = {}): GraphQLFormattedError {
  return {
    message: error.message,
    locations: LOCATIONS,
    path: PATH,
    extensions: { ...error.extensions, stacktrace: ["Error: x", "    at secret (/srv/app.js:1:1)"], ...extensions },
  };
}

// Logging of unexpected errors lives in requestLogPlugin (with the request id); isClientError decides it.
describe("formatError and isClientError", () => {

  describe("an ArgumentValidationError", () => {
    const argumentError = () =>
      new ArgumentValidationError([
        validationError("targetAccountSid", { matches: "targetAccountSid must be an account SID: AC followed by 32 hex digits" }),
        validationError("addressSid", { matches: "addressSid must be an address SID: AD followed by 32 hex digits" }),
      ]);
    const expected = {
      locations: LOCATIONS,
      path: PATH,
      message:
        "Invalid arguments: targetAccountSid must be an account SID: AC followed by 32 hex digits; addressSid must be an address SID: AD followed by 32 hex digits",
      extensions: {
        code: "BAD_USER_INPUT",
        validationErrors: [
          { property: "targetAccountSid", constraints: { matches: "targetAccountSid must be an account SID: AC followed by 32 hex digits" } },
          { property: "addressSid", constraints: { matches: "addressSid must be an address SID: AD followed by 32 hex digits" } },
        ],
      },
    };

    it("thrown in a resolver becomes BAD_USER_INPUT with only property and constraints per error", () => {
      const error = thrownInResolver(argumentError());
      const result = format(formattedOf(error, { validationErrors: argumentError().extensions.validationErrors }), error);
      expect(result).toEqual(expected);
    });

    it("reaching the formatter unwrapped is formatted the same", () => {
      const error = argumentError();
      expect(format(formattedOf(error), error)).toEqual(expected);
    });

    it("leaves no trace of the validated input (target, value) or the stack in the JSON a client gets", () => {
      const error = thrownInResolver(argumentError());
      const json = JSON.stringify(format(formattedOf(error, { validationErrors: argumentError().extensions.validationErrors }), error));
      expect(json).not.toContain(SECRET_INPUT);
      expect(json).not.toContain(SECRET_TARGET);
      expect(json).not.toContain("target\"");
      expect(json).not.toContain("value");
      expect(json).not.toContain("stacktrace");
      expect(json).not.toContain("children");
    });

    it("is a client error (not logged)", () => {
      expect(isClientError(thrownInResolver(argumentError()))).toBe(true);
    });

    it("keeps a property that broke no named constraint, with the rules of the others in the message", () => {
      const error = new ArgumentValidationError([validationError("phoneNumbers", undefined), validationError("addressSid", { matches: "bad" })]);
      expect(format(formattedOf(error), error)).toEqual({
        locations: LOCATIONS,
        path: PATH,
        message: "Invalid arguments: bad",
        extensions: {
          code: "BAD_USER_INPUT",
          validationErrors: [
            { property: "phoneNumbers", constraints: undefined },
            { property: "addressSid", constraints: { matches: "bad" } },
          ],
        },
      });
    });
  });

  it.each([
    "BAD_USER_INPUT",
    "BAD_REQUEST",
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "OPERATION_RESOLUTION_FAILURE",
    "PERSISTED_QUERY_NOT_FOUND",
    "PERSISTED_QUERY_NOT_SUPPORTED",
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "RATE_LIMITED",
  ])("passes a %s GraphQLError through with its message and code only, a client error", (code) => {
    const error = new GraphQLError("Something the client should read", { extensions: { code, internal: SECRET_INPUT } });
    expect(format(formattedOf(error), error)).toEqual({
      locations: LOCATIONS,
      path: PATH,
      message: "Something the client should read",
      extensions: { code },
    });
    expect(isClientError(thrownInResolver(error))).toBe(true);
  });

  it("keeps the validationErrors of a BAD_USER_INPUT error this service raised itself", () => {
    const validationErrors = [{ property: "phoneNumbers", constraints: { maxBatchSize: "phoneNumbers must hold at most 2 numbers" } }];
    const error = new GraphQLError("phoneNumbers must hold at most 2 numbers, got 3", {
      extensions: { code: "BAD_USER_INPUT", validationErrors },
    });
    expect(format(formattedOf(error), thrownInResolver(error))).toEqual({
      locations: LOCATIONS,
      path: PATH,
      message: "phoneNumbers must hold at most 2 numbers, got 3",
      extensions: { code: "BAD_USER_INPUT", validationErrors },
    });
  });

  it("masks an unexpected Error thrown in a resolver as Internal server error, not a client error", () => {
    const original = new Error(`database said no to ${SECRET_INPUT}`);
    const error = thrownInResolver(original);
    const result = format(formattedOf(error, { code: "INTERNAL_SERVER_ERROR" }), error);
    expect(result).toEqual({
      locations: LOCATIONS,
      path: PATH,
      message: "Internal server error",
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
    expect(JSON.stringify(result)).not.toContain(SECRET_INPUT);
    expect(isClientError(error)).toBe(false);
  });

  it.each([
    ["an unlisted code", { code: "DOWNSTREAM_EXPLODED" }],
    ["a non-string code", { code: 500 }],
    ["no code at all", {}],
  ])("masks a GraphQLError with %s, not a client error", (_what, extensions) => {
    const error = new GraphQLError("internal detail", { extensions });
    expect(format({ message: "internal detail", extensions }, error)).toEqual({
      locations: undefined,
      path: undefined,
      message: "Internal server error",
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
    expect(isClientError(error)).toBe(false);
  });

  it("masks a thrown non-Error value, not a client error", () => {
    expect(format({ message: "Unexpected error value: 42" }, 42)).toEqual({
      locations: undefined,
      path: undefined,
      message: "Internal server error",
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
    expect(isClientError(42)).toBe(false);
  });
});
