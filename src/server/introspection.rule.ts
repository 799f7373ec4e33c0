import { GraphQLError, type ValidationRule } from "graphql";

/**
 * Replaces Apollo's own rule, whose message tells the caller to "pass introspection: true to
 * ApolloServer": an operator here turns introspection on with INTROSPECTION=true, not in code.
 * __typename stays allowed: clients need it to tell union members apart.
 */
export const noIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === "__schema" || node.name.value === "__type") {
      context.reportError(new GraphQLError("Introspection is disabled on this server (set INTROSPECTION=true to enable it)", { nodes: node }));
    }
  },
});
