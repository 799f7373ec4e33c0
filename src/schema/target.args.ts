import { IsIn, IsInt, IsOptional, Matches, Max, Min } from "class-validator";
import { COUNTRY_CODES, DEFAULT_COUNTRY_RULE } from "../domain/country-code.js";
import { ArgsType, Field, Int } from "type-graphql";
import { ACCOUNT_SID, ADDRESS_SID } from "./sid-patterns.js";

/** Longer than any cache TTL (CACHE_TTL_SECONDS ≤ 86,400): a larger value would mean the same. */
export const MAX_AGE_SECONDS = 86_400;

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

  @Field(() => String, {
    nullable: true,
    description:
      'ISO 3166-1 alpha-2 country for numbers not in E.164 (e.g. "(415) 555-0100" with US). Without it only E.164 is accepted, as Twilio does.',
  })
  @IsOptional()
  @IsIn(COUNTRY_CODES, { message: DEFAULT_COUNTRY_RULE })
  defaultCountry?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Seconds: a verdict checked longer ago than this is not served from the cache. 0 always asks Twilio. Default: the server's cache TTL.",
  })
  @IsOptional()
  @IsInt({ message: "maxAge must be a whole number of seconds" })
  @Min(0, { message: "maxAge must be 0 (always ask Twilio) or more seconds" })
  @Max(MAX_AGE_SECONDS, { message: `maxAge must be at most ${MAX_AGE_SECONDS} seconds (a day)` })
  maxAge?: number | null;
}
