import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { PortabilityResolver } from "../resolvers/portability.resolver.js";

/** The GraphQL schema; schema.graphql at the repository root is this, printed (npm run schema). */
export function buildPortabilitySchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [PortabilityResolver],
    // Arguments are validated with class-validator; without this, type-graphql 2 skips the decorators.
    validate: { forbidUnknownValues: false },
  });
}
