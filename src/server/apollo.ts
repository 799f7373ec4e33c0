import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import { Gauge, type Registry } from "prom-client";
import type { HttpConfig, QueryLimits } from "../config/security-config.js";
import { admissionPlugin } from "./admission.plugin.js";
import { createDirectExecution, type DirectExecution } from "./direct-execution.js";
import { DocumentStore } from "./document-store.js";
import { formatError } from "./format-error.js";
import { queryArmor } from "./query-armor.js";
import { servedOperationsRule } from "./served-operations.rule.js";
import type { RequestContext } from "./request-context.js";
import { requestLogPlugin, rootFieldNames } from "./request-log.plugin.js";

export interface ApolloOptions {
  readonly schema: GraphQLSchema;
  readonly logger: Logger;
  readonly http: HttpConfig;
  readonly limits: QueryLimits;
  /** Where the document cache reports its size (portability_graphql_document_cache_bytes). */
  readonly registry: Registry;
}

/**
 * Apollo as a GraphQL executor only: our HTTP layer owns sockets, bodies, auth and CORS. With it
 * comes the direct path that answers the common request without Apollo's pipeline, with the same
 * rules, document cache, hooks' effects and error formatting (direct-execution.ts). The disabled
 * plugins matter for speed and for offline use: cache control wraps every field resolver (10,000
 * results × 9 fields), and the default landing page loads scripts from a CDN.
 */
export function createApollo(options: ApolloOptions): { apollo: ApolloServer<RequestContext>; executeDirectly: DirectExecution } {
  const { limits, http } = options;
  const armor = queryArmor(limits, http);
  const validationRules = [servedOperationsRule, ...armor.validationRules];
  const documentStore = new DocumentStore(limits.documentCacheBytes);
  const rootFields = rootFieldNames(options.schema);
  new Gauge({
    name: "portability_graphql_document_cache_bytes",
    help: "Bytes held by the cache of parsed and validated documents (query text, tokens and AST) that Apollo and the direct path share, at most DOCUMENT_CACHE_BYTES.",
    registers: [options.registry],
    collect() {
      this.set(documentStore.heldBytes);
    },
  });
  const documents = limits.documentCacheBytes === 0 ? null : documentStore;
  const apollo = new ApolloServer<RequestContext>({
    schema: options.schema,
    logger: options.logger,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Always "on" for Apollo: noIntrospectionRule refuses it instead, with a message naming INTROSPECTION.
    introspection: true,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns shutdown; Apollo's own signal handlers would race it and re-raise the signal.
    stopOnTerminationSignals: false,
    validationRules,
    // A document over the limit is a syntax error (400 GRAPHQL_PARSE_FAILED), found while parsing,
    // which Apollo caches: a repeated query is not counted again.
    parseOptions: { maxTokens: limits.maxTokens },
    // Bounded by the bytes documents really hold (document-store.ts); 0 turns caching off.
    documentStore: documents,
    // Automatic persisted queries would keep every client-sent query string in a second cache, and
    // no client of this API uses them: a request that tries gets PERSISTED_QUERY_NOT_SUPPORTED.
    persistedQueries: false,
    plugins: [
      // graphql-armor's typings name Apollo's CommonJS build; the plugins are the same at run time.
      ...(armor.plugins as unknown as ApolloServerPlugin<RequestContext>[]),
      requestLogPlugin(rootFields),
      admissionPlugin(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
    ],
  });
  // The common request skips Apollo's pipeline (direct-execution.ts); graphql-armor's Apollo plugin
  // (field suggestions hidden in production) is not needed there: it rewrites "Did you mean" in
  // validation and variable errors, and documents or variables that fail are Apollo's to answer.
  const executeDirectly = createDirectExecution({ schema: options.schema, validationRules, maxTokens: limits.maxTokens, documents, rootFields });
  return { apollo, executeDirectly };
}
