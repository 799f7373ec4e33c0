import { guidanceFor, NEXT_STEP_BY_ERROR } from "../datasources/guidance.js";
import type { CheckResult } from "../domain/check-result.js";
import { resultId } from "../domain/result-id.js";
import type { ReturnedResult } from "../domain/returned-result.js";

/**
 * One flat copy per returned result (see domain/returned-result.ts for why never a mutation). Flat,
 * not a wrapper with field resolvers: the object types keep simpleResolvers, so a 10,000-number
 * batch costs 10,000 small objects and no per-field resolver calls; the guidance strings are the
 * table's own, shared. Written out field by field rather than spread: an object literal of fixed
 * shape is one hidden class for every result, where spreading ~18 properties made V8 build each one
 * apart (one run of the 10,000-number memory bench: median peak RSS 199 MB with spreads, 166 MB
 * written out, 162 MB before these fields). A field added to the domain types fails to compile here.
 */
export function toReturnedResult(result: CheckResult, input: string, targetAccountSid: string | null, addressSid: string | null): ReturnedResult {
  const id = resultId(targetAccountSid, addressSid, result.phoneNumber);
  if (result.__typename === "PortabilityCheckError") {
    return {
      __typename: "PortabilityCheckError",
      id,
      input,
      phoneNumber: result.phoneNumber,
      targetAccountSid,
      addressSid,
      code: result.code,
      message: result.message,
      retryable: result.retryable,
      twilioErrorCode: result.twilioErrorCode,
      nextStep: NEXT_STEP_BY_ERROR[result.code],
    };
  }
  const guidance = guidanceFor(result);
  return {
    __typename: "Portability",
    id,
    input,
    phoneNumber: result.phoneNumber,
    targetAccountSid,
    addressSid,
    accountSid: result.accountSid,
    portable: result.portable,
    pinAndAccountNumberRequired: result.pinAndAccountNumberRequired,
    notPortableReason: result.notPortableReason,
    notPortableReasonCode: result.notPortableReasonCode,
    numberType: result.numberType,
    country: result.country,
    url: result.url,
    checkedAt: result.checkedAt,
    nextStep: guidance.nextStep,
    guidance: guidance.guidance,
    helpUrl: guidance.helpUrl,
  };
}
