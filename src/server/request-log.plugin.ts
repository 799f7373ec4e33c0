import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type OperationDefinitionNode } from "graphql";
import type { Metrics } from "../observability/metrics.js";
import type { RequestContext } from "./request-context.js";

/**
 * One log line and one counter per GraphQL request. The operation label is the set of root fields,
 * not the client's operationName: clients choose names freely, and each would become a time series.
 */
export function requestLogPlugin(metrics: Metrics): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ response, operation, request }) {
          const errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
          const outcome = errors === undefined || errors.length === 0 ? "ok" : String(errors[0]!.extensions?.code ?? "INTERNAL_SERVER_ERROR");
          const label = operationLabel(operation);
          metrics.graphqlRequests.inc({ operation: label, outcome });
          contextValue.logger.info(
            {
              caller: contextValue.caller.id,
              operation: label,
              operationName: typeof request.operationName === "string" ? request.operationName.slice(0, 64) : undefined,
              outcome,
              status: response.http.status ?? 200,
              durationMs: Math.round((performance.now() - started) * 10) / 10,
            },
            "graphql request",
          );
        },
      };
    },
  };
}

function operationLabel(operation: OperationDefinitionNode | undefined): string {
  if (operation === undefined) return "invalid";
  const fields = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return "other";
    const name = selection.name.value;
    fields.add(name === "__schema" || name === "__type" ? "introspection" : name);
  }
  return [...fields].sort().join(",");
}
