import { GraphQLError } from "graphql";
import type { Caller } from "./api-key.js";

/**
 * The target account a caller's check goes to. A key scoped to one account uses it when none is
 * given; any other account is FORBIDDEN before anything is sent upstream. `accountSid` is the
 * account this service authenticates to Twilio as, which Twilio assumes when no target is sent.
 */
export function resolveTarget(caller: Caller, requested: string | null, accountSid: string): string | null {
  if (caller.targets === "*") return requested;
  if (requested !== null) {
    if (caller.targets.has(requested)) return requested;
    throw forbidden(`this API key may not check numbers for targetAccountSid ${requested}`);
  }
  if (caller.targets.size === 1) return caller.targets.values().next().value!;
  if (caller.targets.has(accountSid)) return null;
  throw forbidden("this API key may check several target accounts: give targetAccountSid");
}

function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "FORBIDDEN" } });
}
