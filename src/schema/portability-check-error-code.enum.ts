import { registerEnumType } from "type-graphql";
import { CheckErrorCode } from "../domain/check-error-code.js";

registerEnumType(CheckErrorCode, {
  name: "PortabilityCheckErrorCode",
  description: "Why no portability answer could be had.",
});

export { CheckErrorCode };
