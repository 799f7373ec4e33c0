import type { Logger } from "pino";
import type { Caller } from "../auth/api-key.js";
import type { PortabilityLoader } from "../datasources/portability.loader.js";
import type { RequestedCheck } from "./admission.js";
import type { RequestRecord } from "./request-record.js";

/** What a resolver may use; built fresh for every GraphQL request. */
export interface RequestContext {
  readonly requestId: string;
  readonly logger: Logger;
  readonly caller: Caller;
  readonly portability: PortabilityLoader;
  /** The account this service authenticates to Twilio as: Twilio's target when none is sent. */
  readonly accountSid: string;
  /** Filled by requestLogPlugin, logged by the HTTP handler. */
  readonly record: RequestRecord;
  /**
   * Admits the request's checks, all at once, before any field resolves (admission.plugin.ts): the
   * rules and their order are in admission.ts. Refused: nothing was spent.
   */
  admit(checks: readonly RequestedCheck[]): Promise<void>;
}
