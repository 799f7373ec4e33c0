import { GraphQLError, type ValidationRule } from "graphql";

/**
 * What this endpoint executes: queries, and mutations when the schema has them. graphql-js 16
 * validates `mutation { x }` against a schema without a Mutation type as if nothing were wrong and
 * then fails at execution, which Apollo answers 200 INTERNAL_SERVER_ERROR and logs as our fault.
 * Subscriptions need a streaming transport; over POST or GET Apollo would try to execute one as a
 * query. Refusing both here makes them client errors (HTTP 400, GRAPHQL_VALIDATION_FAILED), whatever
 * root types the schema grows.
 */
export const servedOperationsRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation === "subscription") {
      context.reportError(new GraphQLError("Subscriptions are served over Server-Sent Events at /graphql/stream, not over POST or GET /graphql", { nodes: node }));
      return;
    }
    if (context.getSchema().getRootType(node.operation) === undefined) {
      context.reportError(new GraphQLError(`This API has no ${node.operation} operations`, { nodes: node }));
    }
  },
});
