import type { PortabilityLoader } from "../datasources/portability.loader.js";

/** What a resolver may use; built fresh for every GraphQL request. */
export interface RequestContext {
  readonly portability: PortabilityLoader;
  readonly maxBatchSize: number;
}
