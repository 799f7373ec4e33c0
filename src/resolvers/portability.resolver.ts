import { Args, Ctx, Query, Resolver } from "type-graphql";
import type { CheckResult } from "../domain/check-result.js";
import { PortabilitiesArgs } from "../schema/portabilities.args.js";
import { PortabilityArgs } from "../schema/portability.args.js";
import { PortabilityResult } from "../schema/portability-result.union.js";
import type { RequestContext } from "../server/request-context.js";
import { assertBatchSize } from "./batch-size.js";

@Resolver()
export class PortabilityResolver {
  @Query(() => PortabilityResult, {
    description: "Check one phone number. Never fails for a per-number reason: see PortabilityResult.",
  })
  portability(@Args(() => PortabilityArgs) args: PortabilityArgs, @Ctx() context: RequestContext): Promise<CheckResult> {
    return context.portability.load({
      phoneNumber: args.phoneNumber,
      targetAccountSid: args.targetAccountSid ?? null,
      addressSid: args.addressSid ?? null,
    });
  }

  @Query(() => [PortabilityResult], {
    description: "Check many phone numbers: one result per input, in input order; repeated numbers cost one upstream call.",
  })
  portabilities(@Args(() => PortabilitiesArgs) args: PortabilitiesArgs, @Ctx() context: RequestContext): Promise<CheckResult[]> {
    assertBatchSize(args.phoneNumbers.length, context.maxBatchSize);
    const targetAccountSid = args.targetAccountSid ?? null;
    const addressSid = args.addressSid ?? null;
    // load() per number, not loadMany(): check() never rejects, and this keeps the result type exact.
    return Promise.all(args.phoneNumbers.map((phoneNumber) => context.portability.load({ phoneNumber, targetAccountSid, addressSid })));
  }
}
