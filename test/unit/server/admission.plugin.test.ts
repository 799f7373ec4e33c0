import { getOperationAST, parse } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { buildPortabilitySchema } from "../../../src/schema/index.js";
import type { RequestedCheck } from "../../../src/server/admission.js";
import { CHECKING_FIELDS, NON_CHECKING_FIELDS, requestedChecks } from "../../../src/server/admission.plugin.js";

const A = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const N = '"+14155550100"';
const check = (numbers: number, targetAccountSid: string | null = null): RequestedCheck => ({ numbers, targetAccountSid });

let schema: Awaited<ReturnType<typeof buildPortabilitySchema>>;
beforeAll(async () => {
  schema = await buildPortabilitySchema();
});

function checksOf(query: string, variables: Record<string, unknown> = {}): RequestedCheck[] | null {
  const document = parse(query);
  return requestedChecks(schema, document, getOperationAST(document)!, variables);
}

describe("requestedChecks: the checks an operation will make, read as graphql-js executes it", () => {
  it.each([
    ["one portability", `{ portability(phoneNumber: ${N}) { __typename } }`, {}, [check(1)]],
    ["a portabilities list, repeats included", `{ portabilities(phoneNumbers: [${N}, ${N}, "x"]) { __typename } }`, {}, [check(3)]],
    ["an empty list", "{ portabilities(phoneNumbers: []) { __typename } }", {}, [check(0)]],
    ["a list from a variable", "query($n: [String!]!) { portabilities(phoneNumbers: $n) { __typename } }", { n: ["a", "b", "c", "d"] }, [check(4)]],
    ["a single string coerced to a one-item list", "query($n: [String!]!) { portabilities(phoneNumbers: $n) { __typename } }", { n: "a" }, [check(1)]],
    ["aliases, each its own check", `{ a: portability(phoneNumber: ${N}) { __typename } b: portability(phoneNumber: ${N}) { __typename } }`, {}, [check(1), check(1)]],
    ["the same response key twice, which graphql-js resolves once", `{ portability(phoneNumber: ${N}) { __typename } portability(phoneNumber: ${N}) { phoneNumber: __typename } }`, {}, [check(1)]],
    ["the target asked for", `query($t: String) { portability(phoneNumber: ${N}, targetAccountSid: $t) { __typename } }`, { t: A }, [check(1, A)]],
    ["a named fragment on Query", `{ ...F } fragment F on Query { portabilities(phoneNumbers: [${N}, ${N}]) { __typename } }`, {}, [check(2)]],
    ["nested fragments, each spread once", `{ ...F ...G } fragment F on Query { ...G a: portability(phoneNumber: ${N}) { __typename } } fragment G on Query { b: portability(phoneNumber: ${N}) { __typename } }`, {}, [check(1), check(1)]],
    ["an inline fragment on Query", `{ ... on Query { portability(phoneNumber: ${N}) { __typename } } }`, {}, [check(1)]],
    ["an inline fragment without a type", `{ ... { portability(phoneNumber: ${N}) { __typename } } }`, {}, [check(1)]],
    ["@skip(if: true)", `{ portability(phoneNumber: ${N}) @skip(if: true) { __typename } }`, {}, []],
    ["@skip(if: false)", `{ portability(phoneNumber: ${N}) @skip(if: false) { __typename } }`, {}, [check(1)]],
    ["@include(if: $no) on an inline fragment", `query($no: Boolean!) { ... @include(if: $no) { portability(phoneNumber: ${N}) { __typename } } }`, { no: false }, []],
    ["@include(if: $yes) on a fragment spread", `query($yes: Boolean!) { ...F @include(if: $yes) } fragment F on Query { portability(phoneNumber: ${N}) { __typename } }`, { yes: true }, [check(1)]],
    ["@skip and @include both: skipped", `{ portability(phoneNumber: ${N}) @skip(if: true) @include(if: true) { __typename } }`, {}, []],
    ["introspection and __typename only", "{ __typename __schema { queryType { name } } }", {}, []],
    // type-graphql refuses these with BAD_USER_INPUT before the resolver checks anything.
    ["a field whose targetAccountSid fails validation", `{ portabilities(phoneNumbers: [${N}, ${N}], targetAccountSid: "AC123") { __typename } }`, {}, []],
    ["a field whose addressSid fails validation", `{ portability(phoneNumber: ${N}, addressSid: "nope") { __typename } }`, {}, []],
  ] as const)("reads %s", (_what, query, variables, expected) => {
    expect(checksOf(query, variables)).toEqual(expected);
  });

  it("is null when the variables do not coerce (graphql-js then refuses the operation before any resolver)", () => {
    expect(checksOf("query($n: [String!]!) { portabilities(phoneNumbers: $n) { __typename } }", { n: [1, null] })).toBeNull();
    expect(checksOf("query($n: [String!]!) { portabilities(phoneNumbers: $n) { __typename } }", {})).toBeNull();
  });
});

describe("CHECKING_FIELDS", () => {
  it("names every root field, checking or not, so none can check numbers unadmitted", () => {
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) => Object.keys(type?.getFields() ?? {}));
    expect([...Object.keys(CHECKING_FIELDS), ...Object.keys(NON_CHECKING_FIELDS)].sort()).toEqual(roots.sort());
  });
});
