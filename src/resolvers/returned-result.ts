import { guidanceFor, NEXT_STEP_BY_ERROR } from "../datasources/guidance.js";
import type { CheckResult } from "../domain/check-result.js";
import { resultId } from "../domain/result-id.js";
import type { ReturnedResult } from "../domain/returned-result.js";

/**
 * One flat copy per returned result (see domain/returned-result.ts for why never a mutation). Flat,
 * not a wrapper with field resolvers: the object types keep simpleResolvers, so a 10,000-number
 * batch costs 10,000 small objects and no per-field resolver calls; the guidance strings are the
 * table's own, shared.
 */
export function toReturnedResult(result: CheckResult, input: string, targetAccountSid: string | null, addressSid: string | null): ReturnedResult {
  const checkedFor = { id: resultId(targetAccountSid, addressSid, result.phoneNumber), input, targetAccountSid, addressSid };
  if (result.__typename === "PortabilityCheckError") return { ...result, ...checkedFor, nextStep: NEXT_STEP_BY_ERROR[result.code] };
  const { nextStep, guidance, helpUrl } = guidanceFor(result);
  return { ...result, ...checkedFor, nextStep, guidance, helpUrl };
}
