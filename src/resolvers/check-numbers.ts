import type { CheckResult } from "../domain/check-result.js";
import { resolveTarget } from "../auth/target-scope.js";
import type { RequestContext } from "../server/request-context.js";
import type { TargetArgs } from "../schema/target.args.js";
import { logFailedChecks } from "../observability/log-failed-checks.js";

/**
 * The rules every check passes, in order, before anything goes upstream: the caller's target scope,
 * then the request's batch size and the caller's allowance. Then one loader call per number.
 */
export async function checkNumbers(context: RequestContext, phoneNumbers: readonly string[], args: TargetArgs): Promise<CheckResult[]> {
  const targetAccountSid = resolveTarget(context.caller, args.targetAccountSid ?? null, context.accountSid);
  const addressSid = args.addressSid ?? null;
  await context.admitNumbers(phoneNumbers.length);
  // load() per number, not loadMany(): check() never rejects, and this keeps the result type exact.
  const results = await Promise.all(phoneNumbers.map((phoneNumber) => context.portability.load({ phoneNumber, targetAccountSid, addressSid })));
  logFailedChecks(context.logger, results);
  return results;
}
