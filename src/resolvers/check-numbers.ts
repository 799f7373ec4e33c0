import type { CheckResult } from "../domain/check-result.js";
import { resolveTarget } from "../auth/target-scope.js";
import type { RequestContext } from "../server/request-context.js";
import type { TargetArgs } from "../schema/target.args.js";
import { logFailedChecks } from "../observability/log-failed-checks.js";
import { assertBatchSize } from "./batch-size.js";

/**
 * The rules every check passes, in order, before anything goes upstream: batch size, the caller's
 * target scope, the caller's numbers allowance. Then one loader call per number (dedupe, order).
 */
export async function checkNumbers(context: RequestContext, phoneNumbers: readonly string[], args: TargetArgs): Promise<CheckResult[]> {
  assertBatchSize(phoneNumbers.length, context.maxBatchSize);
  const targetAccountSid = resolveTarget(context.caller, args.targetAccountSid ?? null, context.accountSid);
  const addressSid = args.addressSid ?? null;
  await context.consumeNumbers(phoneNumbers.length);
  // load() per number, not loadMany(): check() never rejects, and this keeps the result type exact.
  const results = await Promise.all(phoneNumbers.map((phoneNumber) => context.portability.load({ phoneNumber, targetAccountSid, addressSid })));
  logFailedChecks(context.logger, results);
  return results;
}
