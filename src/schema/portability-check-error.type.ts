import { Field, ID, Int, ObjectType } from "type-graphql";
import { CheckErrorCode } from "./portability-check-error-code.enum.js";
import { PortingNextStep } from "./porting-next-step.enum.js";

// simpleResolvers: plain property reads (see portability.type.ts).
@ObjectType({ description: "No portability answer could be obtained for this number.", simpleResolvers: true })
export class PortabilityCheckError {
  @Field(() => ID, { description: "Stable for (targetAccountSid, addressSid, phoneNumber)." })
  id!: string;

  @Field(() => String, { description: "The number exactly as the caller gave it." })
  input!: string;

  @Field(() => String)
  phoneNumber!: string;

  @Field(() => String, { nullable: true, description: "The target the check was made for (null: Twilio's default)." })
  targetAccountSid!: string | null;

  @Field(() => String, { nullable: true })
  addressSid!: string | null;

  @Field(() => CheckErrorCode)
  code!: CheckErrorCode;

  @Field(() => String, { description: "For people; never Twilio's own text." })
  message!: string;

  @Field(() => Boolean, { description: "True when asking again later may succeed." })
  retryable!: boolean;

  @Field(() => Int, { nullable: true, description: "Twilio's error code, when Twilio gave one." })
  twilioErrorCode!: number | null;

  @Field(() => PortingNextStep, { description: "What the caller can do next: RETRY_LATER exactly when retryable." })
  nextStep!: PortingNextStep;
}
