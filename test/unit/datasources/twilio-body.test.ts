import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTwilioBody, PORTABILITY_BODY_SCHEMA } from "../../../src/datasources/twilio-body.js";

const PORTABILITY = {
  phone_number: "+14155550100",
  account_sid: null,
  portable: false,
  pin_and_account_number_required: false,
  not_portable_reason: "ALREADY_IN_THE_TARGET_ACCOUNT",
  not_portable_reason_code: 22131,
  number_type: "LOCAL",
  country: "US",
  url: "https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/+14155550100",
};

describe("parseTwilioBody", () => {
  it("reads a full portability body as it came", () => {
    expect(parseTwilioBody(JSON.stringify(PORTABILITY))).toEqual({ kind: "portability", body: PORTABILITY });
  });

  it("reads a body with every optional field null", () => {
    const nulls = {
      phone_number: null,
      account_sid: null,
      portable: true,
      pin_and_account_number_required: null,
      not_portable_reason: null,
      not_portable_reason_code: null,
      number_type: null,
      country: null,
      url: null,
    };
    expect(parseTwilioBody(JSON.stringify(nulls))).toEqual({ kind: "portability", body: nulls });
  });

  it("reads a body holding only `portable`", () => {
    expect(parseTwilioBody('{"portable":true}')).toEqual({ kind: "portability", body: { portable: true } });
  });

  it("keeps fields Twilio may add later without rejecting the body", () => {
    expect(parseTwilioBody(JSON.stringify({ ...PORTABILITY, new_field: 1 }))).toEqual({
      kind: "portability",
      body: { ...PORTABILITY, new_field: 1 },
    });
  });

  it("reads Twilio's classic error body {code, message, more_info, status} as its code", () => {
    const classic = {
      code: 20404,
      message: "The requested resource /v1/Porting/Portability/PhoneNumber/+1 was not found",
      more_info: "https://www.twilio.com/docs/errors/20404",
      status: 404,
    };
    expect(parseTwilioBody(JSON.stringify(classic))).toEqual({ kind: "error", code: 20404 });
  });

  it("reads an RFC 9457 problem body {type, title, status, detail, code} as its code", () => {
    const problem = {
      type: "https://www.twilio.com/docs/errors/22131",
      title: "Phone number is already in the target account",
      status: 400,
      detail: "The phone number +14155550100 already belongs to the target account",
      code: 22131,
    };
    expect(parseTwilioBody(JSON.stringify(problem))).toEqual({ kind: "error", code: 22131 });
  });

  it.each([
    ["account_sid in upper-case hex", { account_sid: `AC${"A".repeat(32)}` }],
    ["a url on a regional numbers host", { url: "https://numbers.sydney.au1.twilio.com/v1/Porting/Portability/PhoneNumber/+14155550100" }],
    ["a url with the + percent-encoded", { url: "https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/%2B14155550100" }],
    ["a url with the request's query", { url: `https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/+14155550100?TargetAccountSid=AC${"a".repeat(32)}` }],
    ["country GB", { country: "GB" }],
  ])("reads a body with %s as it came", (_what, fields) => {
    const body = { ...PORTABILITY, ...fields };
    expect(parseTwilioBody(JSON.stringify(body))).toEqual({ kind: "portability", body });
  });

  it("reads an error body with a code and nothing else", () => {
    expect(parseTwilioBody('{"code":20003}')).toEqual({ kind: "error", code: 20003 });
  });

  it.each([
    ["`portable` missing", JSON.stringify({ ...PORTABILITY, portable: undefined })],
    ["`portable` as the string \"true\"", JSON.stringify({ ...PORTABILITY, portable: "true" })],
    ["`portable` null", JSON.stringify({ ...PORTABILITY, portable: null })],
    ["not_portable_reason_code as the string \"22131\"", JSON.stringify({ ...PORTABILITY, not_portable_reason_code: "22131" })],
    ["not_portable_reason_code as a fraction", JSON.stringify({ ...PORTABILITY, not_portable_reason_code: 22131.5 })],
    ["phone_number as a number", JSON.stringify({ ...PORTABILITY, phone_number: 14155550100 })],
    ["pin_and_account_number_required as \"no\"", JSON.stringify({ ...PORTABILITY, pin_and_account_number_required: "no" })],
    // Regression (issue 7, item 7): fields passed through whatever their text.
    ["country as markup", JSON.stringify({ ...PORTABILITY, country: "<img src=x>" })],
    ["country in lower case", JSON.stringify({ ...PORTABILITY, country: "us" })],
    ["country as alpha-3", JSON.stringify({ ...PORTABILITY, country: "USA" })],
    ["account_sid too short", JSON.stringify({ ...PORTABILITY, account_sid: "AC0123" })],
    ["account_sid with a non-hex digit", JSON.stringify({ ...PORTABILITY, account_sid: `AC${"g".repeat(32)}` })],
    ["account_sid of a subresource (SK…)", JSON.stringify({ ...PORTABILITY, account_sid: `SK${"a".repeat(32)}` })],
    ["account_sid with a trailing newline", JSON.stringify({ ...PORTABILITY, account_sid: `AC${"a".repeat(32)}\n` })],
    ["phone_number not E.164", JSON.stringify({ ...PORTABILITY, phone_number: "4155550100" })],
    ["url over http", JSON.stringify({ ...PORTABILITY, url: "http://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/+14155550100" })],
    ["url as javascript:", JSON.stringify({ ...PORTABILITY, url: "javascript:alert(1)" })],
    ["url on another host", JSON.stringify({ ...PORTABILITY, url: "https://evil.example/v1/Porting/Portability/PhoneNumber/+14155550100" })],
    ["url on a host ending in twilio.com", JSON.stringify({ ...PORTABILITY, url: "https://numbers.nottwilio.com/v1/Porting/Portability/PhoneNumber/+14155550100" })],
    ["url with userinfo", JSON.stringify({ ...PORTABILITY, url: "https://numbers.twilio.com@evil.example/v1/Porting/Portability/PhoneNumber/+14155550100" })],
    ["url on another path", JSON.stringify({ ...PORTABILITY, url: "https://numbers.twilio.com/v1/Porting/PortIn" })],
    ["url relative", JSON.stringify({ ...PORTABILITY, url: "/v1/Porting/Portability/PhoneNumber/+14155550100" })],
    ["an error code as a string", JSON.stringify({ code: "20404", message: "Not found", status: 404 })],
    ["an error body without a code", JSON.stringify({ message: "Not found", status: 404 })],
    ["a JSON array", JSON.stringify([PORTABILITY])],
    ["JSON null", "null"],
    ["a JSON string", '"portable"'],
    ["a JSON number", "22131"],
    ["an empty object", "{}"],
    ["HTML", "<html><body>502 Bad Gateway</body></html>"],
    ["an empty body", ""],
    ["truncated JSON", JSON.stringify(PORTABILITY).slice(0, 40)],
  ])("reads %s as unreadable", (_what, text) => {
    expect(parseTwilioBody(text)).toEqual({ kind: "unreadable" });
  });
});

/** Twilio's published OpenAPI for Numbers v1, as shipped in an installed package. */
interface SpecProperty {
  type?: string;
  nullable?: boolean;
  pattern?: string;
  format?: string;
  $ref?: string;
  enum?: string[];
}
const packageDir = dirname(createRequire(import.meta.url).resolve("@twilio-alpha/mcp/package.json"));
const spec = JSON.parse(readFileSync(join(packageDir, "twilio-oai/spec/json/twilio_numbers_v1.json"), "utf8")) as {
  components: { schemas: Record<string, { type?: string; properties?: Record<string, SpecProperty> } & SpecProperty> };
};
const published = spec.components.schemas["numbers.v1.porting_portability"]!;

/** A property's schema with a local $ref followed. */
function resolve(property: SpecProperty): SpecProperty {
  if (property.$ref === undefined) return property;
  const name = property.$ref.replace("#/components/schemas/", "");
  return spec.components.schemas[name]!;
}

describe("PORTABILITY_BODY_SCHEMA against Twilio's published numbers.v1.porting_portability", () => {
  const ours = PORTABILITY_BODY_SCHEMA.properties as Record<string, { type: string; nullable?: boolean }>;
  const theirs = published.properties!;

  it("is an object schema, as Twilio's is", () => {
    expect(published.type).toBe("object");
    expect(PORTABILITY_BODY_SCHEMA.type).toBe("object");
  });

  it("has exactly the properties Twilio publishes", () => {
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
  });

  it.each(Object.keys(PORTABILITY_BODY_SCHEMA.properties))("gives %s the JSON type Twilio publishes", (name) => {
    expect(ours[name]!.type).toBe(resolve(theirs[name]!).type);
  });

  it("reads number_type as a string, Twilio's being a $ref to a string enum of the four types", () => {
    expect(theirs.number_type!.$ref).toBe("#/components/schemas/porting_portability_enum_number_type");
    expect(resolve(theirs.number_type!)).toMatchObject({ type: "string", enum: ["LOCAL", "UNKNOWN", "MOBILE", "TOLL-FREE"] });
    expect(ours.number_type).toEqual({ type: "string", nullable: true });
  });

  it("checks account_sid with exactly Twilio's published pattern", () => {
    expect(theirs.account_sid).toMatchObject({ pattern: "^AC[0-9a-fA-F]{32}$", minLength: 34, maxLength: 34 });
    expect(ours.account_sid).toMatchObject({ pattern: theirs.account_sid!.pattern });
  });

  it.each([
    ["phone_number", "phone-number", "^\\+[1-9][0-9]{1,14}$"],
    ["country", "iso-country-code", "^[A-Z]{2}$"],
  ])("checks %s, published as format %s, with the pattern %s", (name, format, pattern) => {
    expect(theirs[name]!.format).toBe(format);
    expect(ours[name]).toMatchObject({ pattern });
  });

  it("checks url, published as format uri, as an https URL on a Twilio numbers host with the resource's path", () => {
    expect(theirs.url!.format).toBe("uri");
    expect((ours.url as { pattern?: string }).pattern).toMatch(/^\^https:\/\/numbers.*\\\.twilio\\\.com\/v1\/Porting\/Portability\/PhoneNumber\//);
  });

  it("accepts null for every property Twilio marks nullable, but requires portable to be a boolean", () => {
    const nullable = (schema: Record<string, SpecProperty>) =>
      Object.keys(schema).filter((name) => schema[name]!.nullable === true).sort();
    const optional = ["account_sid", "country", "not_portable_reason", "not_portable_reason_code", "phone_number", "pin_and_account_number_required", "url"];
    expect(nullable(theirs)).toEqual([...optional, "portable"].sort());
    expect(nullable(ours)).toEqual([...optional, "number_type"].sort());
    expect(PORTABILITY_BODY_SCHEMA.required).toEqual(["portable"]);
    expect(ours.portable).toEqual({ type: "boolean" });
  });
});
