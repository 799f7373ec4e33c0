import { IsOptional, Matches } from "class-validator";
import { ArgsType, Field } from "type-graphql";
import { ACCOUNT_SID, ADDRESS_SID } from "./sid-patterns.js";

/** Where the numbers would be ported to; shared by the single and batch queries. */
@ArgsType()
export class TargetArgs {
  @Field(() => String, {
    nullable: true,
    description: "Account the numbers would be ported to (AC + 32 hex). Twilio assumes the authenticated account when absent.",
  })
  @IsOptional()
  @Matches(ACCOUNT_SID, { message: "targetAccountSid must be an account SID: AC followed by 32 hex digits" })
  targetAccountSid?: string | null;

  @Field(() => String, { nullable: true, description: "Address of the customer porting the numbers (AD + 32 hex)." })
  @IsOptional()
  @Matches(ADDRESS_SID, { message: "addressSid must be an address SID: AD followed by 32 hex digits" })
  addressSid?: string | null;
}
