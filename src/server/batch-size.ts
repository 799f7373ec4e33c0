import { GraphQLError } from "graphql";

/**
 * MAX_BATCH_SIZE is configuration, so this rule cannot be a static class-validator decorator. `size`
 * counts the whole request: fifteen aliases of a full batch are fifteen batches' worth of checks.
 */
export function assertBatchSize(size: number, max: number): void {
  if (size <= max) return;
  throw new GraphQLError(`phoneNumbers must hold at most ${max} numbers in one request, got ${size}`, {
    extensions: {
      code: "BAD_USER_INPUT",
      validationErrors: [{ property: "phoneNumbers", constraints: { maxBatchSize: `phoneNumbers must hold at most ${max} numbers in one request` } }],
    },
  });
}
