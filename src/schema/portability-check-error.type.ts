import { Field, Int, ObjectType } from "type-graphql";
import { CheckErrorCode } from "./portability-check-error-code.enum.js";

// simpleResolvers: plain property reads (see portability.type.ts).
@ObjectType({ description: "No portability answer could be obtained for this number.", simpleResolvers: true })
export class PortabilityCheckError {
  @Field(() => String)
  phoneNumber!: string;

  @Field(() => CheckErrorCode)
  code!: CheckErrorCode;

  @Field(() => String, { description: "For people; never Twilio's own text." })
  message!: string;

  @Field(() => Boolean, { description: "True when asking again later may succeed." })
  retryable!: boolean;

  @Field(() => Int, { nullable: true, description: "Twilio's error code, when Twilio gave one." })
  twilioErrorCode!: number | null;
}
