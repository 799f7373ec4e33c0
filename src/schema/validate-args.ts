import { validateOrReject, validateSync, type ValidatorOptions } from "class-validator";
import { ArgumentValidationError, type ValidatorFn } from "type-graphql";
import { PortabilitiesArgs } from "./portabilities.args.js";
import { PortabilityArgs } from "./portability.args.js";
import { ACCOUNT_SID, ADDRESS_SID } from "./sid-patterns.js";
import { isCountryCode } from "../domain/country-code.js";
import { MAX_AGE_SECONDS, type TargetArgs } from "./target.args.js";

/** What type-graphql passes class-validator for `validate: { forbidUnknownValues: false }` (its validate-arg.js). */
const OPTIONS: ValidatorOptions = { forbidUnknownValues: false, skipMissingProperties: true };

/**
 * The arguments classes whose every rule is on TargetArgs (test/unit/schema/validate-args.test.ts
 * fails if one gains a decorator of its own): exact classes, so a subclass with rules of its own
 * goes the full way.
 */
const TARGET_ARGS: ReadonlySet<unknown> = new Set([PortabilityArgs, PortabilitiesArgs]);

/**
 * True only when class-validator would find nothing wrong with TargetArgs' rules: each of the four
 * is absent, or passes the same test its decorator makes (Matches, IsIn, IsInt/Min/Max). False
 * says "ask class-validator", which words the errors; it never refuses by itself.
 */
export function targetArgsPass(args: Pick<TargetArgs, "targetAccountSid" | "addressSid" | "defaultCountry" | "maxAge">): boolean {
  const { targetAccountSid, addressSid, defaultCountry, maxAge } = args;
  return (
    (targetAccountSid == null || (typeof targetAccountSid === "string" && ACCOUNT_SID.test(targetAccountSid))) &&
    (addressSid == null || (typeof addressSid === "string" && ADDRESS_SID.test(addressSid))) &&
    (defaultCountry == null || (typeof defaultCountry === "string" && isCountryCode(defaultCountry))) &&
    (maxAge == null || (typeof maxAge === "number" && Number.isInteger(maxAge) && maxAge >= 0 && maxAge <= MAX_AGE_SECONDS))
  );
}

/** validateSync's verdict for a TargetArgs class (admission.plugin.ts), without its cost when all is well. */
export function targetArgsValid(argsClass: new () => TargetArgs, args: Record<string, unknown>): boolean {
  if (TARGET_ARGS.has(argsClass) && targetArgsPass(args)) return true;
  return validateSync(Object.assign(new argsClass(), args), { forbidUnknownValues: false }).length === 0;
}

/**
 * type-graphql's own argument validation (class-validator, the same options and the same
 * ArgumentValidationError), except that the single and batch checks' arguments skip class-validator
 * when they pass targetArgsPass: class-validator reads its metadata storage and builds an executor for
 * every call, ~5 % of a single check's CPU in a profile, for arguments that are nearly always valid.
 */
export const validateArgs: ValidatorFn = async (argValue) => {
  if (argValue === null || typeof argValue !== "object") return;
  if (TARGET_ARGS.has(argValue.constructor) && targetArgsPass(argValue as TargetArgs)) return;
  try {
    if (Array.isArray(argValue)) {
      await Promise.all(argValue.filter((item) => item !== null && typeof item === "object").map((item) => validateOrReject(item, OPTIONS)));
    } else {
      await validateOrReject(argValue, OPTIONS);
    }
  } catch (error) {
    throw new ArgumentValidationError(error as ConstructorParameters<typeof ArgumentValidationError>[0]);
  }
};
