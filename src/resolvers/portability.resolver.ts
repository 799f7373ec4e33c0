import { Args, Ctx, Query, Resolver } from "type-graphql";
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
  async portability(@Args(() => PortabilityArgs) args: PortabilityArgs, @Ctx() context: RequestContext): Promise<ReturnedResult> {
    const [result] = await checkNumbers(context, [args.phoneNumber], args);
    return result!;
  }

  @Query(() => [PortabilityResult], {
    description: "Check many phone numbers: one result per input, in input order; repeated numbers cost one upstream call.",
  })
  portabilities(@Args(() => PortabilitiesArgs) args: PortabilitiesArgs, @Ctx() context: RequestContext): Promise<ReturnedResult[]> {
    return checkNumbers(context, args.phoneNumbers, args);
  }
}
