import type { Logger } from "pino";
import type { Caller } from "../auth/api-key.js";
import type { PortabilityLoader } from "../datasources/portability.loader.js";

/** What a resolver may use; built fresh for every GraphQL request. */
export interface RequestContext {
  readonly requestId: string;
  readonly logger: Logger;
  readonly caller: Caller;
  readonly portability: PortabilityLoader;
  readonly maxBatchSize: number;
  /** The account this service authenticates to Twilio as: Twilio's target when none is sent. */
  readonly accountSid: string;
  /** Spends the caller's numbers-per-minute allowance; throws RATE_LIMITED (HTTP 429) when it is gone. */
  consumeNumbers(count: number): Promise<void>;
}
