import type { CheckResult } from "../domain/check-result.js";
import { resultId } from "../domain/result-id.js";
import type { ReturnedResult } from "../domain/returned-result.js";

/**
 * One flat copy per returned result (see domain/returned-result.ts for why never a mutation). Flat,
 * not a wrapper with field resolvers: the object types keep simpleResolvers, so a 10,000-number
 * batch costs 10,000 small objects and no per-field resolver calls.
 */
export function toReturnedResult(result: CheckResult, input: string, targetAccountSid: string | null, addressSid: string | null): ReturnedResult {
  return { ...result, id: resultId(targetAccountSid, addressSid, result.phoneNumber), input, targetAccountSid, addressSid };
}
