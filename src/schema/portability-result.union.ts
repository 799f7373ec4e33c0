import { createUnionType } from "type-graphql";
import type { CheckResult } from "../domain/check-result.js";
import { PortabilityCheckError } from "./portability-check-error.type.js";
import { Portability } from "./portability.type.js";

export const PortabilityResult = createUnionType({
  name: "PortabilityResult",
  description: "Twilio's answer for a number, or why no answer could be obtained.",
  types: () => [Portability, PortabilityCheckError] as const,
  // Results are plain objects tagged by the datasource; resolving by tag avoids instanceof on 10,000 items.
  resolveType: (result) => (result as unknown as CheckResult).__typename,
});
