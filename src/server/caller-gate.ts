import type { IncomingMessage } from "node:http";
import { ANONYMOUS_CALLER, type Caller } from "../auth/api-key.js";
import type { Authenticate } from "../auth/authenticate.js";
import { RateLimitedError, type CallerRateLimits } from "../auth/rate-limits.js";
import { HttpError } from "./http-error.js";

/**
 * Who may ask, and whether they may ask now: runs before any GraphQL work. With no keys configured
 * everyone is the anonymous caller (config refuses that off loopback unless ALLOW_UNAUTHENTICATED).
 */
export function createCallerGate(authenticate: Authenticate | null, rateLimits: CallerRateLimits) {
  return async (request: IncomingMessage): Promise<Caller> => {
    if (authenticate === null) return ANONYMOUS_CALLER;
    const caller = authenticate(request.headers.authorization);
    if (caller === null) {
      throw new HttpError(401, "UNAUTHENTICATED", "Missing or unknown API key: send Authorization: Bearer <key>", {
        "www-authenticate": 'Bearer realm="portability-graphql"',
      });
    }
    try {
      await rateLimits.consumeRequest(caller);
    } catch (error) {
      throw error instanceof RateLimitedError ? rateLimitedHttpError(error) : error;
    }
    return caller;
  };
}

function rateLimitedHttpError(error: RateLimitedError): HttpError {
  return new HttpError(429, error.code, error.message, { "retry-after": String(error.retryAfterSeconds) });
}
