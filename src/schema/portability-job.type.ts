import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, Int, ObjectType } from "type-graphql";
import type { JobStatus } from "../jobs/job.js";
import { PortabilityJobStatus } from "./portability-job-status.enum.js";

/** The domain Job is this type's source; results and resultsCsvUrl are resolved by PortabilityJobResolver. */
@ObjectType({ description: "A bulk check of up to MAX_JOB_SIZE numbers, run in the background." })
export class PortabilityJob {
  @Field(() => ID)
  id!: string;

  @Field(() => PortabilityJobStatus)
  status!: JobStatus;

  @Field(() => Int, { description: "Numbers submitted, repeats included." })
  total!: number;

  @Field(() => Int, { description: "Numbers with a result so far; never decreases." })
  completed!: number;

  @Field(() => Int)
  portable!: number;

  @Field(() => Int)
  notPortable!: number;

  @Field(() => Int, { description: "Numbers whose result is a PortabilityCheckError." })
  failed!: number;

  @Field(() => String, { nullable: true })
  targetAccountSid!: string | null;

  @Field(() => String, { nullable: true })
  addressSid!: string | null;

  @Field(() => String, { nullable: true, description: "The country national numbers were read with (ISO 3166-1 alpha-2); null: E.164 only." })
  defaultCountry!: string | null;

  // Epoch ms in the domain; DateTime serializes them as ISO 8601 strings.
  @Field(() => DateTimeResolver)
  createdAt!: number;

  @Field(() => DateTimeResolver, { nullable: true })
  startedAt!: number | null;

  @Field(() => DateTimeResolver, { nullable: true })
  finishedAt!: number | null;
}
