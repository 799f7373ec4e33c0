import { ArgsType, Field } from "type-graphql";
import { TargetArgs } from "./target.args.js";

@ArgsType()
export class PortabilitiesArgs extends TargetArgs {
  // The batch limit is configuration (MAX_BATCH_SIZE), so it is checked by the resolver, not a decorator.
  @Field(() => [String])
  phoneNumbers!: string[];
}
