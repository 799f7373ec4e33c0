import { resolveTarget } from "../auth/target-scope.js";
import type { ReturnedResult } from "../domain/returned-result.js";
import type { RequestContext } from "../server/request-context.js";
import type { TargetArgs } from "../schema/target.args.js";
import { logFailedChecks } from "../observability/log-failed-checks.js";
import { toReturnedResult } from "./returned-result.js";

/**
 * One loader call per number, for the target the caller's key resolves to. The request was admitted
 * as a whole before any field resolved (server/admission.ts: target scope, batch size, allowance), so
 * resolveTarget here only picks the target; it cannot refuse what admission let through.
 */
export async function checkNumbers(context: RequestContext, phoneNumbers: readonly string[], args: TargetArgs): Promise<ReturnedResult[]> {
  const targetAccountSid = resolveTarget(context.caller, args.targetAccountSid ?? null, context.accountSid);
  const addressSid = args.addressSid ?? null;
  const maxAgeSeconds = args.maxAge ?? null;
  const defaultCountry = args.defaultCountry ?? null;
  const results = await context.portability.loadAll(
    phoneNumbers.map((phoneNumber) => ({ phoneNumber, targetAccountSid, addressSid, defaultCountry, maxAgeSeconds })),
  );
  logFailedChecks(context, results);
  return results.map((result, index) => toReturnedResult(result, phoneNumbers[index]!, targetAccountSid, addressSid));
}
