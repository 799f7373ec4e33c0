import { IsInt, IsOptional, Max, Min } from "class-validator";
import { ArgsType, Field, Int } from "type-graphql";

/** A page is read from the store in one range read: a thousand results is ~400 KB of response. */
export const MAX_RESULTS_PAGE = 1_000;
export const DEFAULT_RESULTS_PAGE = 100;

@ArgsType()
export class PortabilityJobResultsArgs {
  // Nullable with a default, as the contract has it: an explicit null means the default too.
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_RESULTS_PAGE })
  @IsOptional()
  @IsInt({ message: "first must be a whole number" })
  @Min(0, { message: "first must be 0 or more" })
  @Max(MAX_RESULTS_PAGE, { message: `first must be at most ${MAX_RESULTS_PAGE}` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "The endCursor of the page before; absent for the first page." })
  after?: string | null;
}
