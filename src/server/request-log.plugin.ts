import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type OperationDefinitionNode } from "graphql";
import { maskPhoneNumbersIn } from "../observability/mask-phone-number.js";
import { isClientError } from "./format-error.js";
import type { RequestContext } from "./request-context.js";

/**
 * Fills the request's record (operation, outcome) for the handler's one log line, and logs
 * unexpected errors with the request's logger, so they carry its request id.
 */
export function requestLogPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (!isClientError(error)) contextValue.logger.error({ err: error.originalError ?? error }, "unexpected error while handling a GraphQL request");
          }
        },
        async willSendResponse({ response, operation, request }) {
          const errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
          const record = contextValue.record;
          record.operation = operationLabel(operation);
          // Client-chosen text: bounded, and scrubbed of anything that looks like a phone number.
          const name = request.operationName ?? operation?.name?.value;
          record.operationName = typeof name === "string" ? maskPhoneNumbersIn(name.slice(0, 64)) : undefined;
          record.outcome = errors === undefined || errors.length === 0 ? "ok" : String(errors[0]!.extensions?.code ?? "INTERNAL_SERVER_ERROR");
        },
      };
    },
    async unexpectedErrorProcessingRequest({ requestContext, error }) {
      if (!isClientError(error)) requestContext.contextValue.logger.error({ err: error }, "unexpected error while handling a GraphQL request");
    },
  };
}

/**
 * The set of root fields, not the client's operationName: clients choose names freely, and each
 * would become a metrics time series.
 */
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
