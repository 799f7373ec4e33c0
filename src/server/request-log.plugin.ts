import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { maskPhoneNumbersIn } from "../observability/mask-phone-number.js";
import { isClientError } from "./format-error.js";
import type { RequestContext } from "./request-context.js";

/**
 * Fills the request's record (operation, outcome) for the handler's one log line, and logs
 * unexpected errors with the request's logger, so they carry its request id.
 */
export function requestLogPlugin(rootFields: ReadonlySet<string>): ApolloServerPlugin<RequestContext> {
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
          record.operation = operationLabel(operation, rootFields);
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
 * Every root field of the schema (Query, Mutation, Subscription), read once at start-up, plus
 * __typename, which every root type answers.
 */
export function rootFieldNames(schema: GraphQLSchema): ReadonlySet<string> {
  const names = new Set<string>(["__typename"]);
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    for (const name of Object.keys(type?.getFields() ?? {})) names.add(name);
  }
  return names;
}

/**
 * The metric label of an operation: its root field when it selects one (aliases count once),
 * "introspection", or "other" — never text of the client's choosing (operationName, a misspelled
 * field), which would make a new time series per distinct document. With "none" and "invalid" the
 * values are a fixed set known at start-up.
 */
function operationLabel(operation: OperationDefinitionNode | undefined, rootFields: ReadonlySet<string>): string {
  if (operation === undefined) return "invalid";
  const labels = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return "other";
    const name = selection.name.value;
    labels.add(name === "__schema" || name === "__type" ? "introspection" : rootFields.has(name) ? name : "other");
  }
  return labels.size === 1 ? [...labels][0]! : "other";
}
