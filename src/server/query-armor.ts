import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { ValidationRule } from "graphql";
import type { HttpConfig, QueryLimits } from "../config/security-config.js";
import { noIntrospectionRule } from "./introspection.rule.js";

/**
 * What bounds one document's cost, for every transport that executes one (/graphql and its SSE
 * stream): graphql-armor's rules from the configured limits, and introspection only where it is on.
 */
export function queryArmor(limits: QueryLimits, http: Pick<HttpConfig, "introspection" | "production">) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    // Enforced by graphql-js's own parser instead (parseOptions in apollo.ts): armor's Apollo plugin
    // re-parses in parsingDidStart and throws, which Apollo answers with HTTP 500 for every syntax
    // error (Escape-Technologies/graphql-armor#751).
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true },
    // "Did you mean …?" maps a private schema for an attacker; only production hides it.
    blockFieldSuggestion: { enabled: http.production },
  }).protect();
  const validationRules: ValidationRule[] = [...(http.introspection ? [] : [noIntrospectionRule]), ...armor.validationRules];
  return { validationRules, plugins: armor.plugins };
}
