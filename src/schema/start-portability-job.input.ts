import { IsOptional, Matches } from "class-validator";
import { Field, InputType } from "type-graphql";
import { ACCOUNT_SID, ADDRESS_SID } from "./sid-patterns.js";

/** The rules that need no configuration are here; MAX_JOB_SIZE and the webhook hosts are checked by JobService. */
@InputType()
export class StartPortabilityJobInput {
  // Unbounded here on purpose: the size limit is MAX_JOB_SIZE, and the body limit for this operation follows it.
  @Field(() => [String])
  phoneNumbers!: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(ACCOUNT_SID, { message: "targetAccountSid must be an account SID: AC followed by 32 hex digits" })
  targetAccountSid?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(ADDRESS_SID, { message: "addressSid must be an address SID: AD followed by 32 hex digits" })
  addressSid?: string | null;

  @Field(() => String, { nullable: true })
  defaultCountry?: string | null;

  @Field(() => String, { nullable: true, description: "The same key from the same caller returns the job it started first instead of starting another." })
  idempotencyKey?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Receives one signed POST when the job ends; its host must be allowed by the server's WEBHOOK_ALLOWED_HOSTS.",
  })
  webhookUrl?: string | null;
}
