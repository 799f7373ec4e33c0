import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, Kind, type GraphQLFormattedError, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { Logger } from "pino";
import { maskPhoneNumbersIn } from "../observability/mask-phone-number.js";
import { isClientError } from "./format-error.js";
import type { RequestContext } from "./request-context.js";
import type { RequestRecord } from "./request-record.js";

/**
 * Fills the request's record (operation, outcome) for the handler's one log line, and logs
 * unexpected errors with the request's logger, so they carry its request id.
 */
export function requestLogPlugin(rootFields: ReadonlySet<string>): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors }) {
          logUnexpectedErrors(contextValue.logger, errors);
        },
        async willSendResponse({ response, operation, request }) {
          recordOperation(contextValue.record, operation, request.operationName, rootFields);
          recordOutcome(contextValue.record, response.body.kind === "single" ? response.body.singleResult.errors : undefined);
        },
      };
    },
    async unexpectedErrorProcessingRequest({ requestContext, error }) {
      logUnexpectedErrors(requestContext.contextValue.logger, [error]);
    },
  };
}

/** Our faults, logged with the request's id; a client's own mistakes are its answer, not a log line. */
export function logUnexpectedErrors(logger: Logger, errors: readonly unknown[]): void {
  for (const error of errors) {
    if (isClientError(error)) continue;
    logger.error({ err: error instanceof GraphQLError ? (error.originalError ?? error) : error }, "unexpected error while handling a GraphQL request");
  }
}

/** The request's operation, for its log line and metric: a bounded label and a scrubbed name. */
export function recordOperation(
  record: RequestRecord,
  operation: OperationDefinitionNode | null | undefined,
  operationName: string | null | undefined,
  rootFields: ReadonlySet<string>,
): void {
  record.operation = operationLabel(operation ?? undefined, rootFields);
  // Client-chosen text: bounded, and scrubbed of anything that looks like a phone number.
  const name = operationName ?? operation?.name?.value;
  record.operationName = typeof name === "string" ? maskPhoneNumbersIn(name.slice(0, 64)) : undefined;
}

/** "ok", or the code of the first error the client is sent. */
export function recordOutcome(record: RequestRecord, errors: readonly GraphQLFormattedError[] | undefined): void {
  record.outcome = errors === undefined || errors.length === 0 ? "ok" : String(errors[0]!.extensions?.code ?? "INTERNAL_SERVER_ERROR");
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
