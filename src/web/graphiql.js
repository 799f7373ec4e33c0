// The GraphiQL page's script, bundled by scripts/build-graphiql.mjs at `npm run build` into
// dist/graphiql/ and served by src/server/graphiql.ts. Plain JavaScript (no JSX): tsc does not see it.
import "graphiql/style.css";
import { GraphiQL } from "graphiql";
import { getOperationAST, parse } from "graphql";
import { createClient } from "graphql-sse";
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import operations from "../../operations/portability.graphql";

// Monaco starts its language services in web workers. They are bundled beside this file and loaded
// from this server: GraphiQL's own setups load them from esm.sh or need webpack/Vite, and a page
// under a strict Content-Security-Policy may load nothing from elsewhere.
const WORKERS = { json: "json.worker.js", graphql: "graphql.worker.js" };
globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    return new Worker(new URL(WORKERS[label] ?? "editor.worker.js", document.baseURI));
  },
};

/**
 * POSTs JSON to this page's own URL, with whatever the headers editor holds (e.g. an API key).
 * Subscriptions go to the SSE endpoint beside it instead; GraphiQL shows each event as it arrives.
 */
async function fetcher(params, options) {
  if (isSubscription(params)) return subscribe(params, options?.headers ?? {});
  const response = await fetch(window.location.pathname, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...(options?.headers ?? {}) },
    body: JSON.stringify(params),
  });
  return response.json();
}

function isSubscription(params) {
  try {
    return getOperationAST(parse(params.query), params.operationName)?.operation === "subscription";
  } catch {
    // Not parseable: let the server say why, over the plain endpoint.
    return false;
  }
}

function subscribe(params, headers) {
  const client = createClient({ url: `${window.location.origin}${window.location.pathname}/stream`, headers, retryAttempts: 0 });
  return client.iterate(params);
}

const variables = JSON.stringify({ phoneNumber: "+14155550133", phoneNumbers: ["+14155550100", "(415) 555-0132"], defaultCountry: "US" }, null, 2);

createRoot(document.getElementById("graphiql")).render(
  createElement(GraphiQL, { fetcher, defaultQuery: operations, initialQuery: operations, initialVariables: variables, isHeadersEditorEnabled: true }),
);
