import { registerEnumType } from "type-graphql";
import { PortingNextStep } from "../domain/porting-next-step.js";

// The descriptions are the contract's, word for word: clients show them.
registerEnumType(PortingNextStep, {
  name: "PortingNextStep",
  valuesConfig: {
    PORT_IN: { description: "Portable: open a port-in request through Twilio's Porting API." },
    PORT_IN_WITH_PIN: { description: "Portable, but the losing carrier's PIN and account number must be in the port-in request." },
    NOTHING_TO_DO: { description: "Already in the target account: nothing to port." },
    MOVE_BETWEEN_ACCOUNTS: {
      description: "In another Twilio account (yours or someone else's): move it between accounts instead of porting.",
    },
    MANUAL_PORT_REQUEST: {
      description: "Not portable through the API: open a port request in the Console (US) or a support ticket (elsewhere).",
    },
    NOT_SUPPORTED: { description: "Twilio does not support this number's country, rate center or carrier." },
    FIX_PHONE_NUMBER: { description: "The number is not valid: correct it (E.164, or give defaultCountry) and check again." },
    PROVIDE_MISSING_FIELDS: { description: "Twilio needs more fields for this number, such as an addressSid." },
    CHECK_ACCOUNT_ACCESS: { description: "The service cannot act for the target account: check the targetAccountSid and its access." },
    RETRY_LATER: { description: "A temporary problem: check again later." },
    CONTACT_SUPPORT: { description: "Nothing this service knows how to advise: contact support with the reason code." },
  },
});

export { PortingNextStep };
