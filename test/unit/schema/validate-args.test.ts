import "reflect-metadata";
import { getMetadataStorage, validateSync } from "class-validator";
import { ArgumentValidationError } from "type-graphql";
import { describe, expect, it } from "vitest";
import { PortabilitiesArgs } from "../../../src/schema/portabilities.args.js";
import { PortabilityArgs } from "../../../src/schema/portability.args.js";
import { targetArgsPass, targetArgsValid, validateArgs } from "../../../src/schema/validate-args.js";

const SID = "0123456789abcdef0123456789ABCDEF";
const VALUES: Record<string, readonly unknown[]> = {
  targetAccountSid: [undefined, null, `AC${SID}`, `AD${SID}`, `AC${SID}0`, "AC", "", ` AC${SID}`, 42],
  addressSid: [undefined, null, `AD${SID}`, `AC${SID}`, `AD${SID.slice(1)}`, "", 7],
  defaultCountry: [undefined, null, "US", "GB", "us", "AQ", "USA", "", 1],
  maxAge: [undefined, null, 0, 1, 86_400, 86_401, -1, 1.5, Number.NaN, "5"],
};

/** Every combination of one field set to each of its values, the others absent, plus a few mixes. */
const CASES: Record<string, unknown>[] = [
  ...Object.entries(VALUES).flatMap(([field, values]) => values.map((value) => ({ [field]: value }))),
  { targetAccountSid: `AC${SID}`, addressSid: `AD${SID}`, defaultCountry: "US", maxAge: 60 },
  { targetAccountSid: `AC${SID}`, addressSid: `AD${SID}`, defaultCountry: "US", maxAge: -5 },
  { targetAccountSid: "bad", addressSid: "bad", defaultCountry: "xx", maxAge: 0.5 },
];

describe("validate-args: the shortcut never passes what class-validator refuses", () => {
  it("the checks' args classes have no rules beyond TargetArgs' four properties", () => {
    for (const argsClass of [PortabilityArgs, PortabilitiesArgs]) {
      const properties = new Set(getMetadataStorage().getTargetValidationMetadatas(argsClass, "", false, false).map((rule) => rule.propertyName));
      expect([...properties].sort()).toEqual(["addressSid", "defaultCountry", "maxAge", "targetAccountSid"]);
    }
  });

  it.each(CASES.map((args) => [JSON.stringify(args), args] as const))("%s: same verdict as validateSync", (_name, args) => {
    const errors = validateSync(Object.assign(new PortabilityArgs(), args), { forbidUnknownValues: false });
    expect(targetArgsPass(args)).toBe(errors.length === 0);
    expect(targetArgsValid(PortabilityArgs, args)).toBe(errors.length === 0);
    expect(targetArgsValid(PortabilitiesArgs, { ...args, phoneNumbers: ["+14155550100"] })).toBe(errors.length === 0);
  });

  it("validateArgs refuses with type-graphql's ArgumentValidationError and class-validator's errors", async () => {
    const args = Object.assign(new PortabilityArgs(), { phoneNumber: "+14155550100", maxAge: -1 });
    const refusal = await validateArgs(args, PortabilityArgs, {} as never)?.catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ArgumentValidationError);
    const errors = (refusal as ArgumentValidationError).extensions.validationErrors;
    expect(errors.map(({ property, constraints }) => ({ property, constraints }))).toEqual([
      { property: "maxAge", constraints: { min: "maxAge must be 0 (always ask Twilio) or more seconds" } },
    ]);
  });

  it("validateArgs passes valid args, scalars and null", async () => {
    await expect(validateArgs(Object.assign(new PortabilityArgs(), { phoneNumber: "x", maxAge: 5 }), PortabilityArgs, {} as never)).resolves.toBeUndefined();
    await expect(validateArgs("text", String, {} as never)).resolves.toBeUndefined();
    await expect(validateArgs(null, String, {} as never)).resolves.toBeUndefined();
  });
});
