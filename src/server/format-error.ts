import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError } from "type-graphql";

/** Codes whose messages we wrote for clients; everything else is masked. */
const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "RATE_LIMITED",
]);

/** A deliberate error for the client, as opposed to a fault of ours (which is logged and masked). */
export function isClientError(error: unknown): boolean {
  if (unwrapResolverError(error) instanceof ArgumentValidationError) return true;
  // graphql-js copies a thrown GraphQLError's extensions onto the located error it reports.
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  return typeof code === "string" && CLIENT_ERROR_CODES.has(code);
}

/**
 * The one place an error is turned into what a client sees: deliberate errors keep their message and
 * code (nothing else: no stack, no echoed target or value); anything else is masked (and logged by
 * requestLogPlugin, with the request's id). graphql-js's own variable-coercion messages quote the
 * caller's value back to that caller only; client errors are never logged.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof ArgumentValidationError) {
    // type-graphql's validation errors carry `target` and `value`: the caller's whole input.
    const validationErrors = original.extensions.validationErrors.map(({ property, constraints }) => ({ property, constraints }));
    const rules = validationErrors.flatMap(({ constraints }) => Object.values(constraints ?? {}));
    return { ...base, message: `Invalid arguments: ${rules.join("; ")}`, extensions: { code: "BAD_USER_INPUT", validationErrors } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === "string" && CLIENT_ERROR_CODES.has(code)) {
    const validationErrors = formatted.extensions?.validationErrors;
    return { ...base, message: formatted.message, extensions: validationErrors === undefined ? { code } : { code, validationErrors } };
  }
  return { ...base, message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } };
}

/** What a list of errors becomes in a response: formatted, and the HTTP head their extensions ask for. */
export interface FormattedErrors {
  readonly errors: GraphQLFormattedError[];
  /** From an error's `extensions.http.status` (the last one that names one), else undefined. */
  readonly status: number | undefined;
  readonly headers: ReadonlyMap<string, string>;
}

/**
 * Apollo's normalizeAndFormatErrors (not exported by @apollo/server), for the path that executes
 * without its pipeline (direct-execution.ts): each error gets a code (INTERNAL_SERVER_ERROR when it
 * has none), its `extensions.http` is taken out into the response's status and headers, and the
 * result goes through formatError with the error as thrown. A formatter that throws gives the masked
 * error, as in Apollo.
 */
export function formatErrors(errors: readonly GraphQLError[]): FormattedErrors {
  let status: number | undefined;
  const headers = new Map<string, string>();
  const formatted = errors.map((error) => {
    const { http, ...extensions } = { ...error.extensions, code: error.extensions.code ?? "INTERNAL_SERVER_ERROR" } as Record<string, unknown>;
    if (isHttpHead(http)) {
      if (http.status) status = http.status;
      for (const [name, value] of http.headers ?? []) headers.set(name, value);
    } else if (http !== undefined) {
      extensions.http = http;
    }
    try {
      return formatError({ ...error.toJSON(), extensions }, error);
    } catch {
      return { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } };
    }
  });
  return { errors: formatted, status, headers };
}

/** Apollo's ensureGraphQLError: a thrown GraphQLError as is, anything else wrapped (and so masked). */
export function asGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const cause = error instanceof Error ? error : new GraphQLError(`Unexpected error value: ${String(error)}`);
  return cause instanceof GraphQLError ? cause : new GraphQLError(cause.message, { originalError: cause });
}

function isHttpHead(value: unknown): value is { status?: number; headers?: Map<string, string> } {
  if (typeof value !== "object" || value === null) return false;
  const head = value as { status?: unknown; headers?: unknown };
  return (!("status" in head) || typeof head.status === "number") && (!("headers" in head) || head.headers instanceof Map);
}
