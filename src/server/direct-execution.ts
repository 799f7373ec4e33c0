import {
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";
import type { IncomingHttpHeaders } from "node:http";
import { requestedChecks } from "./admission.plugin.js";
import type { DocumentStore } from "./document-store.js";
import { asGraphQLError, formatErrors } from "./format-error.js";
import { jsonLine } from "./http-responses.js";
import type { RequestContext } from "./request-context.js";
import { logUnexpectedErrors, recordOperation, recordOutcome } from "./request-log.plugin.js";

export interface DirectExecutionOptions {
  readonly schema: GraphQLSchema;
  /** Every rule Apollo validates with besides graphql-js's own (served operations, armor, introspection). */
  readonly validationRules: readonly ValidationRule[];
  readonly maxTokens: number;
  /** Apollo's document store: one DOCUMENT_CACHE_BYTES budget for the documents both paths keep. */
  readonly documents: DocumentStore | null;
  readonly rootFields: ReadonlySet<string>;
}

/**
 * The Accept headers this path answers, and the content type Apollo negotiates for each (no header,
 * what fetch and most clients send, and the two exact GraphQL-over-HTTP types). Any other header is
 * negotiated by Apollo, which may also refuse it (406).
 */
const RESPONSE_TYPES: ReadonlyMap<string, string> = new Map([
  ["", "application/json; charset=utf-8"],
  ["*/*", "application/json; charset=utf-8"],
  ["application/json", "application/json; charset=utf-8"],
  ["application/graphql-response+json", "application/graphql-response+json; charset=utf-8"],
]);

/** A complete response, as the handler writes Apollo's. */
export interface DirectResponse {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: { readonly kind: "complete"; readonly payload: string | Buffer };
}

/** What a POST body must be for this path; anything else is Apollo's to answer (or refuse). */
interface PlainBody {
  readonly query: string;
  readonly variables: Record<string, unknown>;
  readonly operationName: string | undefined;
}

/**
 * The common request, a JSON POST of a document that is valid here, executed without Apollo's request
 * pipeline: that pipeline (a SHA-256 of the query, header maps, content negotiation, a dozen plugin
 * hooks awaited per request, a second coercion of the variables) cost more CPU per single check than
 * everything this service does around a check. The same steps run, in Apollo's order and with its
 * rules: parse (MAX_TOKENS), validate with the same rules (cached, as Apollo caches), resolve the
 * operation, admit (admission.plugin.ts's requestedChecks and the context's admit), execute with
 * graphql-js, errors normalized and masked by formatError, `{errors, data}` + "\n" as Apollo writes.
 *
 * Apollo's CSRF prevention has nothing to refuse here: the handler parses a body only when its
 * Content-Type is JSON, which no browser sends cross-origin without a preflight.
 *
 * Whatever this path does not answer exactly as Apollo would, it hands back (undefined) before
 * anything is spent: other methods, bodies or Accept headers, documents that fail to parse or
 * validate, an unknown operationName, variables that do not coerce. Apollo then answers those, with
 * its messages and statuses. test/integration/direct-execution.test.ts compares both paths answer
 * by answer.
 */
export function createDirectExecution(options: DirectExecutionOptions) {
  const { schema, documents, rootFields } = options;
  const rules = [...specifiedRules, ...options.validationRules];

  /** The parsed, validated document for this text, or null: not valid here (Apollo says why). */
  async function documentFor(query: string): Promise<DocumentNode | null> {
    const cached = await documents?.get(query);
    if (cached !== undefined) return cached;
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: options.maxTokens });
    } catch {
      return null;
    }
    if (validate(schema, document, rules).length > 0) return null;
    await documents?.set(query, document);
    return document;
  }

  return async function executeDirectly(
    body: unknown,
    headers: IncomingHttpHeaders,
    contextFor: () => RequestContext,
  ): Promise<DirectResponse | undefined> {
    const contentType = RESPONSE_TYPES.get(headers.accept ?? "");
    const plain = plainBody(body);
    if (contentType === undefined || plain === undefined) return undefined;
    const document = await documentFor(plain.query);
    if (document === null) return undefined;
    const operation = getOperationAST(document, plain.operationName);
    if (operation == null) return undefined;
    const checks = requestedChecks(schema, document, operation, plain.variables);
    // Variables that do not coerce: nothing runs, and Apollo's message and 400 are the answer.
    if (checks === null) return undefined;

    const contextValue = contextFor();
    recordOperation(contextValue.record, operation, plain.operationName, rootFields);
    let result: ExecutionResult;
    let status = 200;
    try {
      await contextValue.admit(checks);
      result = await execute({ schema, document, contextValue, variableValues: plain.variables, operationName: plain.operationName });
    } catch (error) {
      // A refusal before execution (admission.ts): no data, the status its extensions name, else 500.
      result = { errors: [asGraphQLError(error)] };
      status = 500;
    }
    // Names are ours or lower-cased by formatErrors' source (Apollo's HeaderMap): a plain Map will do.
    const responseHeaders = new Map([["content-type", contentType]]);
    let errors;
    if (result.errors !== undefined) {
      logUnexpectedErrors(contextValue.logger, result.errors);
      const formatted = formatErrors(result.errors);
      errors = formatted.errors;
      status = formatted.status ?? status;
      for (const [name, value] of formatted.headers) responseHeaders.set(name, value);
    }
    recordOutcome(contextValue.record, errors);
    return {
      status,
      headers: responseHeaders,
      body: { kind: "complete", payload: jsonLine({ errors, data: result.data, extensions: result.extensions }) },
    };
  };
}

export type DirectExecution = ReturnType<typeof createDirectExecution>;

/** The POST body Apollo would take as is: a query string, variables an object, no extensions. */
function plainBody(body: unknown): PlainBody | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const { query, variables, operationName, extensions } = body as Record<string, unknown>;
  if (typeof query !== "string" || query === "") return undefined;
  // Extensions ask for something of Apollo's (a persisted query): its answer, not ours.
  if (extensions !== undefined && extensions !== null) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return undefined;
  if (variables !== undefined && variables !== null && (typeof variables !== "object" || Array.isArray(variables))) return undefined;
  return { query, variables: (variables ?? {}) as Record<string, unknown>, operationName: operationName ?? undefined };
}
