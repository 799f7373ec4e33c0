import { registerEnumType } from "type-graphql";
import { NotPortableReason } from "../domain/not-portable-reason.js";

registerEnumType(NotPortableReason, {
  name: "NotPortableReason",
  description: "Why Twilio says a number cannot be ported. UNKNOWN: a reason this API does not know yet (see notPortableReasonCode).",
});

export { NotPortableReason };
