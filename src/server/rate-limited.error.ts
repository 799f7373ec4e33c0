import { HeaderMap } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { RateLimitedError } from "../auth/rate-limits.js";

/** The same refusal as the HTTP gate's, from inside GraphQL: Apollo turns extensions.http into 429 + Retry-After. */
export function rateLimitedGraphQLError(error: RateLimitedError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: {
      code: error.code,
      http: { status: 429, headers: new HeaderMap([["retry-after", String(error.retryAfterSeconds)]]) },
    },
  });
}
