import { ArgsType, Field } from "type-graphql";
import { TargetArgs } from "./target.args.js";

@ArgsType()
export class PortabilityArgs extends TargetArgs {
  // Not validated here: a number that is not E.164 is an answer (INVALID_PHONE_NUMBER), not a request error.
  @Field(() => String)
  phoneNumber!: string;
}
