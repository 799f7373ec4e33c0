import { ApolloServer } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import { createErrorFormatter } from "./format-error.js";
import type { RequestContext } from "./request-context.js";

/**
 * Apollo as a GraphQL executor only: our HTTP layer owns sockets, bodies and CORS. The disabled
 * plugins matter for speed and for offline use: cache control wraps every field resolver (10,000
 * results × 9 fields), and the default landing page loads scripts from a CDN.
 */
export function createApollo(schema: GraphQLSchema, logger: Logger): ApolloServer<RequestContext> {
  return new ApolloServer<RequestContext>({
    schema,
    logger,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns shutdown; Apollo's own signal handlers would race it and re-raise the signal.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
    ],
  });
}
