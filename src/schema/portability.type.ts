import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { NotPortableReason } from "./not-portable-reason.enum.js";
import { NumberType } from "./number-type.enum.js";
import { PortingNextStep } from "./porting-next-step.enum.js";

// simpleResolvers: plain property reads. type-graphql otherwise wraps every field in a middleware
// resolver, an allocation per field: 100,000 of them for a 10,000-number batch.
@ObjectType({ description: "Twilio's portability answer, field by field (numbers.v1.porting_portability).", simpleResolvers: true })
export class Portability {
  @Field(() => ID, { description: "Stable for (targetAccountSid, addressSid, phoneNumber): a client cache can key on it." })
  id!: string;

  @Field(() => String, { description: "The number exactly as the caller gave it." })
  input!: string;

  @Field(() => String, { description: "The number Twilio checked, E.164; as given when it is not E.164." })
  phoneNumber!: string;

  @Field(() => String, {
    nullable: true,
    description: "The target and address the check was made for (null: Twilio's default, the service's own account).",
  })
  targetAccountSid!: string | null;

  @Field(() => String, { nullable: true })
  addressSid!: string | null;

  @Field(() => String, { nullable: true, description: "The account that already holds the number, when it is in one of yours." })
  accountSid!: string | null;

  @Field(() => Boolean)
  portable!: boolean;

  @Field(() => Boolean, { nullable: true, description: "Whether porting needs the losing carrier's PIN and account number." })
  pinAndAccountNumberRequired!: boolean | null;

  @Field(() => NotPortableReason, { nullable: true, description: "Null when portable." })
  notPortableReason!: NotPortableReason | null;

  @Field(() => Int, { nullable: true, description: "Twilio's reason code, kept even when the reason is UNKNOWN here." })
  notPortableReasonCode!: number | null;

  @Field(() => NumberType)
  numberType!: NumberType;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 country of the number." })
  country!: string | null;

  @Field(() => String, { nullable: true, description: "Twilio's URL for this check." })
  url!: string | null;

  // An epoch-ms number in the domain: DateTime serializes it as an ISO 8601 string.
  @Field(() => DateTimeResolver, { description: "When Twilio gave this verdict (earlier than now when it came from the cache)." })
  checkedAt!: number;

  @Field(() => PortingNextStep, { description: "What the caller can do next about this number." })
  nextStep!: PortingNextStep;

  @Field(() => String, { description: "One or two sentences for a person, in this service's words." })
  guidance!: string;

  @Field(() => String, { nullable: true, description: "A page that explains the reason or the next step, when there is one." })
  helpUrl!: string | null;
}
