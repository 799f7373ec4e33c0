import { GraphQLError } from "graphql";

/**
 * MAX_BATCH_SIZE is configuration, so this rule cannot be a static class-validator decorator. `size`
 * counts the whole request: fifteen aliases of a full batch are fifteen batches' worth of checks.
 */
export function assertBatchSize(size: number, max: number): void {
  if (size <= max) return;
  throw tooManyNumbers(`phoneNumbers must hold at most ${max} numbers in one request, got ${size}`, {
    maxBatchSize: `phoneNumbers must hold at most ${max} numbers in one request`,
  });
}

/**
 * A request bigger than the caller's whole per-minute allowance can never pass, so it is a request
 * error (split it), not "retry in 60 s": waiting would not help, and a client honouring Retry-After
 * would retry it forever. `perMinute` null: the caller has no allowance to exceed.
 */
export function assertWithinAllowance(size: number, perMinute: number | null): void {
  if (perMinute === null || size <= perMinute) return;
  throw tooManyNumbers(
    `this request has ${size} numbers and this API key's allowance is ${perMinute} numbers per minute: split it into requests of at most ${perMinute}`,
    { numbersPerMinute: `phoneNumbers must hold at most ${perMinute} numbers in one request for this API key` },
  );
}

/** HTTP 400: both rules refuse the request before it runs, so there is no data to answer 200 with. */
function tooManyNumbers(message: string, constraints: Record<string, string>): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: "BAD_USER_INPUT", validationErrors: [{ property: "phoneNumbers", constraints }], http: { status: 400 } },
  });
}
