import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  findAccount,
  SANDBOX_ACCOUNT_SID,
  SANDBOX_DEFAULT_AUTH_TOKEN,
  SANDBOX_OTHER_ACCOUNT_SID,
  SANDBOX_SUBACCOUNT_SID,
} from "../../src/sandbox/accounts.js";
import { readSandboxConfig } from "../../src/sandbox/config.js";
import { MAGIC_NUMBERS } from "../../src/sandbox/magic-numbers.js";
import { checkPortability } from "../../src/sandbox/rules.js";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/server.js";

// Twilio's published OpenAPI document, as shipped in an installed package (not a repo-relative path).
const packageDir = dirname(createRequire(import.meta.url).resolve("@twilio-alpha/mcp/package.json"));
interface OpenApiDocument {
  paths: Record<string, { get: { responses: Record<string, { content: Record<string, MediaType> }> } }>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}
interface MediaType {
  examples: { fetch: { value: object } };
}
const spec = JSON.parse(
  readFileSync(join(packageDir, "twilio-oai/spec/json/twilio_numbers_v1.json"), "utf8"),
) as OpenApiDocument;
const SCHEMA_NAME = "numbers.v1.porting_portability";
const schemaProperties = Object.keys(spec.components.schemas[SCHEMA_NAME]?.properties ?? {});
const fetchExample = spec.paths["/v1/Porting/Portability/PhoneNumber/{PhoneNumber}"]?.get.responses["200"]?.content[
  "application/json"
]?.examples.fetch.value;

function compilePortabilitySchema(): ValidateFunction {
  // strict: false because the spec carries vendor keywords (x-twilio) and OpenAPI's `nullable`.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormatsModule.default(ajv, ["uri"]);
  ajv.addFormat("phone-number", /^\+[1-9]\d{1,14}$/);
  ajv.addFormat("iso-country-code", /^[A-Z]{2}$/);
  ajv.addSchema({ components: spec.components }, "spec");
  return ajv.compile({ $ref: `spec#/components/schemas/${SCHEMA_NAME}` });
}
const validate = compilePortabilitySchema();

function expectValid(body: unknown): void {
  const valid = validate(body);
  expect(validate.errors ?? [], JSON.stringify(body)).toEqual([]);
  expect(valid).toBe(true);
  expect(Object.keys(body as object).sort()).toEqual([...schemaProperties].sort());
}

const AUTH = `Basic ${Buffer.from(`${SANDBOX_ACCOUNT_SID}:${SANDBOX_DEFAULT_AUTH_TOKEN}`).toString("base64")}`;
const ADDRESS_SID = `AD${"a".repeat(32)}`;

const MAGIC_VERDICT_NUMBERS = [...MAGIC_NUMBERS]
  .filter(([, magic]) => magic.kind === "verdict" && magic.holdMs === undefined)
  .map(([number]) => number);

/** [number, query string, why it is in the sample] */
const SAMPLES: ReadonlyArray<readonly [string, string, string]> = [
  ...MAGIC_VERDICT_NUMBERS.map((number) => [number, "", "magic number"] as const),
  ["+14155550171", `?AddressSid=${ADDRESS_SID}`, "magic number with an address"],
  ["+14155550131", `?TargetAccountSid=${SANDBOX_SUBACCOUNT_SID}`, "target subaccount"],
  ["+14155550100", `?TargetAccountSid=${SANDBOX_OTHER_ACCOUNT_SID}`, "UNAUTHORIZED target"],
  ["+12015550123", "", "US local"],
  ["+18001234567", "", "Twilio's example"],
  ["+18885551234", "", "US toll-free"],
  ["+16135550123", "", "CA"],
  ["+447400123456", "", "GB mobile"],
  ["+61291234567", "", "AU"],
  ["+4915112345678", "", "DE mobile"],
  ["+5716001234", "", "CO, invalid"],
  ["+999123456", "", "no country"],
  ["+14155550199", "", "own number"],
  ["+14155550198", "", "subaccount's number"],
  ["+14155550197", "", "someone else's number"],
];

describe("sandbox answers validate against Twilio's numbers.v1.porting_portability schema", () => {
  let ok: RunningSandbox;
  let strict: RunningSandbox;
  let faulty: RunningSandbox;
  beforeAll(async () => {
    const base = { ...readSandboxConfig({}), port: 0 };
    [ok, strict, faulty] = await Promise.all([
      startSandbox(base),
      startSandbox({ ...base, notPortableStatus: 400 }),
      startSandbox({ ...base, errorRate: 1 }),
    ]);
  });
  afterAll(() => Promise.all([ok.close(), strict.close(), faulty.close()]));

  it("the schema has the nine documented properties, and the validator can fail", () => {
    expect(schemaProperties).toHaveLength(9);
    expect(validate({ phone_number: "+14155550100", number_type: "FIXED" })).toBe(false);
    expect(validate({ phone_number: "14155550100", number_type: "LOCAL" })).toBe(false);
    expect(validate({ country: "usa", number_type: "LOCAL" })).toBe(false);
  });

  it.each(SAMPLES)("HTTP 200 and 400 answers for %s%s (%s)", async (phoneNumber, query) => {
    for (const sandbox of [ok, strict]) {
      const path = `/v1/Porting/Portability/PhoneNumber/${encodeURIComponent(phoneNumber)}${query}`;
      const response = await fetch(sandbox.url + path, {
        headers: { authorization: AUTH },
      });
      expect([200, 400]).toContain(response.status);
      const body = (await response.json()) as { portable: boolean };
      expect(response.status).toBe(sandbox === strict && !body.portable ? 400 : 200);
      expectValid(body);
    }
  });

  it("the error-rate 22135 body", async () => {
    let seen = 0;
    for (let attempt = 0; attempt < 20; attempt++) {
      const response = await fetch(`${faulty.url}/v1/Porting/Portability/PhoneNumber/%2B447400123456`, {
        headers: { authorization: AUTH },
      });
      const body: unknown = await response.json();
      if (response.status !== 200) continue;
      seen++;
      expect(body).toMatchObject({ not_portable_reason_code: 22135 });
      expectValid(body);
    }
    expect(seen).toBeGreaterThan(0);
  });

  it("the held +14155550504 body (checked without waiting 60 s)", () => {
    const outcome = checkPortability({ phoneNumber: "+14155550504", caller: findAccount(SANDBOX_ACCOUNT_SID)! });
    expect(outcome.kind).toBe("verdict");
    if (outcome.kind === "verdict") expectValid(outcome.body);
  });

  it("+18001234567 is Twilio's documented example, with account_sid null", async () => {
    expect(fetchExample).toBeDefined();
    const response = await fetch(`${ok.url}/v1/Porting/Portability/PhoneNumber/+18001234567`, {
      headers: { authorization: AUTH },
    });
    expect(await response.text()).toBe(JSON.stringify({ ...fetchExample, account_sid: null }));
  });
});
