import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import type { Caller } from "../../../src/auth/api-key.js";
import { resolveTarget } from "../../../src/auth/target-scope.js";

const OWN = "AC0123456789abcdef0123456789abcdef";
const A = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const B = "ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const caller = (targets: readonly string[] | "*"): Caller => ({ id: "k", targets: targets === "*" ? "*" : new Set(targets), limits: null });
const NOT_YOURS = (sid: string) => `this API key may not check numbers for targetAccountSid ${sid}`;
const NAME_ONE = "this API key may check several target accounts: give targetAccountSid";

describe("resolveTarget", () => {
  it.each<[string, readonly string[] | "*", string | null, string | null]>([
    ['"*", none given', "*", null, null],
    ['"*", a target', "*", A, A],
    ['"*", the own account', "*", OWN, OWN],
    ["one target, none given: that target", [A], null, A],
    ["one target, that target", [A], A, A],
    ["the own account only, none given: sent explicitly", [OWN], null, OWN],
    ["two targets, one of them", [A, B], B, B],
    ["two targets incl. own, none given: none sent", [A, OWN], null, null],
    ["two targets incl. own, the own account", [A, OWN], OWN, OWN],
  ])("%s", (_name, targets, requested, expected) => {
    expect(resolveTarget(caller(targets), requested, OWN)).toBe(expected);
  });

  it.each<[string, readonly string[], string | null, string]>([
    ["one target, another", [A], B, NOT_YOURS(B)],
    ["one target, the own account", [A], OWN, NOT_YOURS(OWN)],
    ["one target, the same SID in upper case", [A], A.toUpperCase(), NOT_YOURS(A.toUpperCase())],
    ["two targets, none given", [A, B], null, NAME_ONE],
    ["two targets, a third", [A, B], OWN, NOT_YOURS(OWN)],
    ["no targets at all, none given", [], null, NAME_ONE],
  ])("%s: FORBIDDEN", (_name, targets, requested, message) => {
    let thrown: unknown;
    try {
      resolveTarget(caller(targets), requested, OWN);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraphQLError);
    expect((thrown as GraphQLError).message).toBe(message);
    expect((thrown as GraphQLError).extensions).toEqual({ code: "FORBIDDEN" });
  });
});
