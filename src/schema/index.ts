import type { GraphQLSchema, GraphQLUnionType } from "graphql";
import { buildSchema } from "type-graphql";
import type { JobService } from "../jobs/job.service.js";
import { bindJobService, PortabilityJobResolver } from "../resolvers/portability-job.resolver.js";
import { PortabilityResolver, resolveChecksDirectly } from "../resolvers/portability.resolver.js";
import { resultTypeName } from "./portability-result.union.js";
import { validateArgs } from "./validate-args.js";

/**
 * type-graphql refuses a @Subscription without a pubSub, even one that brings its own subscribe
 * function (portabilityJobUpdates polls its job): this one is never called.
 */
const UNUSED_PUB_SUB = {
  publish: () => {
    throw new Error("no pubSub: subscriptions here bring their own subscribe function");
  },
  subscribe: () => {
    throw new Error("no pubSub: subscriptions here bring their own subscribe function");
  },
};

/**
 * The GraphQL schema; schema.graphql at the repository root is this, printed (npm run schema).
 * `jobs` is null only for printing: the job fields then throw when resolved.
 */
export async function buildPortabilitySchema(jobs: JobService | null = null): Promise<GraphQLSchema> {
  const jobResolver = new PortabilityJobResolver(jobs);
  const schema = await buildSchema({
    resolvers: [PortabilityResolver, PortabilityJobResolver],
    container: { get: (type) => (type === PortabilityJobResolver ? jobResolver : new (type as new () => object)()) },
    pubSub: UNUSED_PUB_SUB,
    // Arguments are validated with class-validator; without this, type-graphql 2 skips the decorators.
    validate: { forbidUnknownValues: false },
    // The same validation, with a shortcut for the checks' arguments when they pass (validate-args.ts).
    validateFn: validateArgs,
  });
  if (jobs !== null) bindJobService(schema, jobs);
  // type-graphql wraps a union's resolveType in an async function: a promise more per result, 10,000
  // for a 10,000-number batch. The tag is there already; graphql-js takes the name synchronously.
  (schema.getType("PortabilityResult") as GraphQLUnionType).resolveType = resultTypeName;
  resolveChecksDirectly(schema);
  return schema;
}
