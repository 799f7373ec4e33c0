import { createUnionType } from "type-graphql";
import type { CheckResult } from "../domain/check-result.js";
import { PortabilityCheckError } from "./portability-check-error.type.js";
import { Portability } from "./portability.type.js";

/** Results are plain objects tagged by the datasource: the tag is the type, no instanceof on 10,000 items. */
export const resultTypeName = (result: unknown): string => (result as CheckResult).__typename;

export const PortabilityResult = createUnionType({
  name: "PortabilityResult",
  description: "Twilio's answer for a number, or why no answer could be obtained.",
  types: () => [Portability, PortabilityCheckError] as const,
  // Replaced by the synchronous resultTypeName once the schema is built (schema/index.ts).
  resolveType: resultTypeName,
});
