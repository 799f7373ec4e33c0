import { registerEnumType } from "type-graphql";
import { NumberType } from "../domain/number-type.js";

registerEnumType(NumberType, {
  name: "NumberType",
  description: "Twilio's number_type; Twilio's TOLL-FREE is TOLL_FREE here.",
});

export { NumberType };
