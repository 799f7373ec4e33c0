import type { Logger } from "pino";
import type { Caller } from "../auth/api-key.js";
import type { PortabilityLoader } from "../datasources/portability.loader.js";
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
   * Admits `count` more numbers: at most MAX_BATCH_SIZE in the whole request, across aliases and
   * fields (BAD_USER_INPUT), then the caller's numbers-per-minute allowance (RATE_LIMITED, HTTP 429).
   */
  admitNumbers(count: number): Promise<void>;
}
