import type { GraphQLSchema } from "graphql";
import { Args, Ctx, Query, Resolver } from "type-graphql";
import { targetArgsPass } from "../schema/validate-args.js";
import type { ReturnedResult } from "../domain/returned-result.js";
import { PortabilitiesArgs } from "../schema/portabilities.args.js";
import { PortabilityArgs } from "../schema/portability.args.js";
import { PortabilityResult } from "../schema/portability-result.union.js";
import type { RequestContext } from "../server/request-context.js";
import { checkNumbers } from "./check-numbers.js";

@Resolver()
export class PortabilityResolver {
  @Query(() => PortabilityResult, {
    description: "Check one phone number. Never fails for a per-number reason: see PortabilityResult.",
  })
  portability(@Args(() => PortabilityArgs) args: PortabilityArgs, @Ctx() context: RequestContext): Promise<ReturnedResult> {
    return checkOne(context, args);
  }

  @Query(() => [PortabilityResult], {
    description: "Check many phone numbers: one result per input, in input order; repeated numbers cost one upstream call.",
  })
  portabilities(@Args(() => PortabilitiesArgs) args: PortabilitiesArgs, @Ctx() context: RequestContext): Promise<ReturnedResult[]> {
    return checkNumbers(context, args.phoneNumbers, args);
  }
}

async function checkOne(context: RequestContext, args: PortabilityArgs): Promise<ReturnedResult> {
  const [result] = await checkNumbers(context, [args.phoneNumber], args);
  return result!;
}

/**
 * The two checking fields, resolved straight from graphql-js's arguments when they pass the rules
 * (validate-args.ts's targetArgsPass, which is class-validator's verdict for these classes): per call,
 * type-graphql sorts the parameters, builds an args instance and awaits its validation, a few
 * percent of a single check's CPU. Arguments that fail still go through type-graphql, which words
 * the ArgumentValidationError.
 */
export function resolveChecksDirectly(schema: GraphQLSchema): void {
  const fields = schema.getQueryType()!.getFields();
  const shortcut = (name: string, check: (args: Record<string, unknown>, context: RequestContext) => Promise<unknown>) => {
    const field = fields[name]!;
    const viaTypeGraphQL = field.resolve!;
    field.resolve = (root, args, context: RequestContext, info) => (targetArgsPass(args) ? check(args, context) : viaTypeGraphQL(root, args, context, info));
  };
  shortcut("portability", (args, context) => checkOne(context, args as unknown as PortabilityArgs));
  shortcut("portabilities", (args, context) => checkNumbers(context, (args as unknown as PortabilitiesArgs).phoneNumbers, args as unknown as PortabilitiesArgs));
}
