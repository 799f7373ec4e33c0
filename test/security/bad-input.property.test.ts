import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postQuery, type GraphQLResponse } from "../helpers/graphql-client.js";
import { startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { STUB_AUTH_TOKEN, startTestApp, type TestApp } from "../helpers/test-app.js";
import { ADDRESS, TARGET_A } from "./helpers/security-helpers.js";

/**
 * Whatever a caller puts in phoneNumber(s), targetAccountSid or addressSid, only a validated E.164
 * number in an encoded path segment and validated SIDs in the query ever reach Twilio, and no answer
 * carries a 5xx, an unknown error code, a stack, the upstream URL or its credentials.
 */
const E164 = /^\+[1-9]\d{1,14}$/;
const UPSTREAM_PATH = /^\/v1\/Porting\/Portability\/PhoneNumber\/%2B[1-9][0-9]{1,14}$/;
const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const ADDRESS_SID = /^AD[0-9a-fA-F]{32}$/;
const KNOWN_CODES = new Set(["BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "BAD_REQUEST", "FORBIDDEN", "RATE_LIMITED"]);
const VALID = "+14155550100";
const RUNS = 200;

const FIELDS = "__typename ... on Portability { phoneNumber portable notPortableReason notPortableReasonCode numberType accountSid country url pinAndAccountNumberRequired } ... on PortabilityCheckError { phoneNumber code }";
const SINGLE = `query($n: String!, $t: String, $a: String) { portability(phoneNumber: $n, targetAccountSid: $t, addressSid: $a) { ${FIELDS} } }`;
const BATCH = `query($n: [String!]!, $t: String, $a: String) { portabilities(phoneNumbers: $n, targetAccountSid: $t, addressSid: $a) { ${FIELDS} } }`;

const PIECES = [
  "٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９", "𝟏𝟐", "/", "..", "../", "%2F", "%2B", "%00", "%", "?", "#", "&", "=", "\\", "\u0000", "\n", "\r\n",
  "\t", " ", "\u00a0", "\u2028", "\ufeff", "\u202e", "\ud800", "+", "1", "0", "4155550100", VALID, "TargetAccountSid=", "AddressSid=", TARGET_A, "<x>", '"', "'",
];
const piece = fc.constantFrom(...PIECES);
const joined = (max: number) => fc.array(piece, { maxLength: max }).map((parts) => parts.join(""));
const validE164 = fc.stringMatching(/^\+[1-9]\d{1,14}$/);
const phoneLike = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  joined(8),
  fc.tuple(joined(3), joined(3)).map(([before, after]) => `${before}${VALID}${after}`),
  fc.constantFrom(
    "+14155550100/../x", `+14155550100?TargetAccountSid=${TARGET_A}`, "+14155550100&AddressSid=x", " +14155550100 ", "+14155550100#frag",
    "%2B14155550100", "+1415555010０", "+١٤١٥٥٥٥٠١٠٠", "\u0000+14155550100", "+14155550100\n", "+14155550100/", "+014155550100",
    `+${"9".repeat(10_000)}`, "9".repeat(10_240), `+1${"٠".repeat(5_000)}`, `${VALID}${"/..".repeat(3_400)}`,
  ),
  validE164,
  validE164.map((number) => `\t ${number}\u00a0`),
);
const sidLike = (prefix: string) =>
  fc.oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    joined(5),
    fc.stringMatching(/^[0-9a-f]{32}$/).chain((hex) =>
      fc.constantFrom(`${prefix}${hex}`, `${prefix.toLowerCase()}${hex}`, `${prefix}${hex}0`, `${prefix}${hex.slice(1)}`, ` ${prefix}${hex}`, `${prefix}${hex}\n`,
        `${prefix}${hex.slice(2)}٠١`, `${prefix}${hex}&AddressSid=x`, `${prefix}${hex}#`, `${prefix}${hex}/..`, `${prefix}${hex.slice(3)}%2F`),
    ),
    fc.constant(`${prefix}${"0".repeat(10_240)}`),
  );
const validTarget = fc.stringMatching(/^AC[0-9a-fA-F]{32}$/);
const validAddress = fc.stringMatching(/^AD[0-9a-fA-F]{32}$/);

const normalized = (given: string): string | null => (E164.test(given.trim()) ? given.trim() : null);
const invalidAnswer = (given: string) => ({
  __typename: "Portability", phoneNumber: given, portable: false, notPortableReason: "INVALID_PHONE_NUMBER", notPortableReasonCode: 22102,
  numberType: "UNKNOWN", accountSid: null, country: null, url: null, pinAndAccountNumberRequired: null,
});
const escaped = (value: string) => JSON.stringify(value).slice(1, -1);

describe("bad input never reaches Twilio or breaks the answer (fast-check against the live app)", () => {
  let stub: StubTwilio;
  let app: TestApp;
  let send: (query: string, variables: Record<string, unknown>) => Promise<GraphQLResponse<Record<string, unknown>>>;

  beforeAll(async () => {
    stub = await startStubTwilio();
    app = await startTestApp(stub.url, { LOG_LEVEL: "silent" });
    send = (query, variables) => postQuery(app.url, query, variables);
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
  });

  /** The invariants of every answer: no 5xx, only client codes, nothing of the upstream side in it. */
  function expectSafe(response: GraphQLResponse<unknown>, echoed: readonly string[]): void {
    expect(response.status).toBeLessThan(500);
    for (const error of response.body.errors ?? []) {
      expect(KNOWN_CODES).toContain(error.extensions?.code);
    }
    let text = JSON.stringify(response.body);
    for (const input of echoed) text = text.split(escaped(input)).join("");
    for (const leak of ["    at ", stub.url, STUB_AUTH_TOKEN, "Basic "]) expect(text).not.toContain(leak);
  }

  /** Everything Twilio saw: an encoded E.164 path segment and exactly the validated SIDs. */
  function expectUpstreamSafe(target: string | null, address: string | null): void {
    for (const seen of stub.received) {
      expect(seen.path).toMatch(UPSTREAM_PATH);
      expect(seen.phoneNumber).toMatch(E164);
      expect(seen.path).toBe(`/v1/Porting/Portability/PhoneNumber/${encodeURIComponent(seen.phoneNumber)}`);
      const expected: Record<string, string> = {};
      if (target !== null) expected.TargetAccountSid = target;
      if (address !== null) expected.AddressSid = address;
      expect(seen.query).toEqual(expected);
      for (const key of Object.keys(seen.query)) expect(["TargetAccountSid", "AddressSid"]).toContain(key);
      if (seen.query.TargetAccountSid !== undefined) expect(seen.query.TargetAccountSid).toMatch(ACCOUNT_SID);
      if (seen.query.AddressSid !== undefined) expect(seen.query.AddressSid).toMatch(ADDRESS_SID);
    }
  }

  const optionalTarget = fc.option(validTarget, { nil: null });
  const optionalAddress = fc.option(validAddress, { nil: null });

  it("portability(phoneNumber): E.164 after trimming is checked as such; anything else is INVALID_PHONE_NUMBER, echoed, never sent", async () => {
    await fc.assert(
      fc.asyncProperty(phoneLike, optionalTarget, optionalAddress, async (given, target, address) => {
        stub.reset();
        const response = await send(SINGLE, { n: given, t: target, a: address });
        expectSafe(response, [given]);
        expect(response.status).toBe(200);
        expect(response.body.errors).toBeUndefined();
        const number = normalized(given);
        if (number === null) {
          expect(response.body.data!.portability).toEqual(invalidAnswer(given));
          expect(stub.received).toHaveLength(0);
        } else {
          expect(response.body.data!.portability).toMatchObject({ __typename: "Portability", phoneNumber: number, portable: true });
          expect(stub.received.map((seen) => seen.phoneNumber)).toEqual([number]);
        }
        expectUpstreamSafe(target, address);
      }),
      { numRuns: RUNS, seed: 0x5ec0001 },
    );
  });

  it("portabilities(phoneNumbers): one answer per input in order; Twilio sees each distinct valid number once and nothing else", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(phoneLike, { maxLength: 6 }), optionalTarget, optionalAddress, async (given, target, address) => {
        stub.reset();
        const response = await send(BATCH, { n: given, t: target, a: address });
        expectSafe(response, given);
        expect(response.status).toBe(200);
        expect(response.body.errors).toBeUndefined();
        const results = response.body.data!.portabilities as Array<Record<string, unknown>>;
        expect(results).toHaveLength(given.length);
        given.forEach((input, index) => {
          const number = normalized(input);
          if (number === null) expect(results[index]).toEqual(invalidAnswer(input));
          else expect(results[index]).toMatchObject({ __typename: "Portability", phoneNumber: number, portable: true });
        });
        const expectedUpstream = [...new Set(given.map(normalized).filter((number): number is string => number !== null))];
        expect(stub.received.map((seen) => seen.phoneNumber).sort()).toEqual(expectedUpstream.sort());
        expectUpstreamSafe(target, address);
      }),
      { numRuns: RUNS, seed: 0x5ec0002 },
    );
  });

  it("a malformed targetAccountSid or addressSid is BAD_USER_INPUT with a fixed message that never echoes it, and nothing is sent", async () => {
    // The fixed answers, from values that are certainly malformed: any other malformed value must give exactly these.
    const canonical = new Map<string, unknown>();
    for (const query of [SINGLE, BATCH]) {
      for (const [badTarget, badAddress] of [[true, false], [false, true], [true, true]]) {
        const response = await send(query, { n: query === SINGLE ? VALID : [VALID], t: badTarget ? "x" : TARGET_A, a: badAddress ? "x" : ADDRESS });
        canonical.set(`${query}|${badTarget}|${badAddress}`, response.body);
      }
    }
    expect(canonical.get(`${SINGLE}|true|false`)).toEqual({
      data: null,
      errors: [{
        message: "Invalid arguments: targetAccountSid must be an account SID: AC followed by 32 hex digits",
        locations: [{ line: 1, column: 46 }],
        path: ["portability"],
        extensions: { code: "BAD_USER_INPUT", validationErrors: [{ property: "targetAccountSid", constraints: { matches: "targetAccountSid must be an account SID: AC followed by 32 hex digits" } }] },
      }],
    });
    const fixedText = [...canonical.values()].map((body) => JSON.stringify(body)).join("\n");

    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(phoneLike, { minLength: 1, maxLength: 3 }),
        fc.oneof(fc.constant(null), validTarget, sidLike("AC")),
        fc.oneof(fc.constant(null), validAddress, sidLike("AD")),
        async (single, numbers, target, address) => {
          stub.reset();
          const response = await send(single ? SINGLE : BATCH, { n: single ? numbers[0] : numbers, t: target, a: address });
          expectSafe(response, single ? [numbers[0]!] : numbers);
          const badTarget = target !== null && !ACCOUNT_SID.test(target);
          const badAddress = address !== null && !ADDRESS_SID.test(address);
          if (!badTarget && !badAddress) {
            expect(response.body.errors).toBeUndefined();
            expectUpstreamSafe(target, address);
            return;
          }
          expect(response.status).toBe(200);
          expect(response.body).toEqual(canonical.get(`${single ? SINGLE : BATCH}|${badTarget}|${badAddress}`));
          expect(stub.received).toHaveLength(0);
          const text = JSON.stringify(response.body);
          for (const [bad, value] of [[badTarget, target], [badAddress, address]] as const) {
            if (bad && value!.length >= 3 && !fixedText.includes(escaped(value!))) expect(text).not.toContain(escaped(value!));
          }
        },
      ),
      { numRuns: RUNS, seed: 0x5ec0003 },
    );
  });

  it("variables of the wrong type (numbers, objects, nulls, nested lists) are a 400 BAD_USER_INPUT and nothing is sent", async () => {
    const wrong = fc.oneof(
      fc.constant(null),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
      fc.array(fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.string())), { minLength: 1, maxLength: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.boolean(), wrong, async (single, value) => {
        stub.reset();
        const response = await send(single ? SINGLE : BATCH, { n: value });
        expectSafe(response, []);
        // A lone non-list value is coerced to a one-item list by GraphQL only when it is a string; none of these is.
        expect(response.status).toBe(400);
        expect(response.body.data).toBeUndefined();
        expect(response.body.errors!.map((error) => error.extensions?.code)).toEqual(response.body.errors!.map(() => "BAD_USER_INPUT"));
        expect(stub.received).toHaveLength(0);
      }),
      { numRuns: 100, seed: 0x5ec0004 },
    );
  });
});
