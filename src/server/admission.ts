import { GraphQLError } from "graphql";
import type { Caller } from "../auth/api-key.js";
import { RateLimitedError, type CallerRateLimits } from "../auth/rate-limits.js";
import { resolveTarget } from "../auth/target-scope.js";
import { assertBatchSize, assertWithinAllowance } from "./batch-size.js";
import { rateLimitedGraphQLError } from "./rate-limited.error.js";

/** One root field of a request that will check numbers: how many, and for which target it asks. */
export interface RequestedCheck {
  readonly numbers: number;
  readonly targetAccountSid: string | null;
}

export interface AdmissionOptions {
  readonly rateLimits: CallerRateLimits;
  readonly maxBatchSize: number;
  /** The account this service authenticates to Twilio as: Twilio's target when none is sent. */
  readonly accountSid: string;
}

/**
 * The rules a request's checks pass, once for the whole request and in this order, before any field
 * resolves (admission.plugin.ts), so a refused request sends nothing upstream and spends nothing:
 *   1. target scope: every target asked for is one the caller's key may check (FORBIDDEN, 403);
 *   2. batch size: all fields and aliases together hold at most MAX_BATCH_SIZE numbers (BAD_USER_INPUT);
 *   3. allowance size: no more numbers than the key's whole per-minute allowance (BAD_USER_INPUT);
 *   4. allowance: the key has that many numbers left this minute (RATE_LIMITED, 429 + Retry-After).
 * Admitting field by field instead let fourteen aliases through (and charged them) before the
 * fifteenth was refused. The allowance is spent last, so no earlier refusal costs anything.
 */
export async function admitChecks(caller: Caller, checks: readonly RequestedCheck[], options: AdmissionOptions): Promise<void> {
  for (const check of checks) withStatus(403, () => resolveTarget(caller, check.targetAccountSid, options.accountSid));
  const total = checks.reduce((sum, check) => sum + check.numbers, 0);
  assertBatchSize(total, options.maxBatchSize);
  assertWithinAllowance(total, caller.limits?.numbersPerMinute ?? null);
  try {
    await options.rateLimits.consumeNumbers(caller, total);
  } catch (error) {
    throw error instanceof RateLimitedError ? rateLimitedGraphQLError(error) : error;
  }
}

/** A refusal before execution has no data to go with it; without a status Apollo would answer 500. */
function withStatus(status: number, rule: () => unknown): void {
  try {
    rule();
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status } } });
  }
}
