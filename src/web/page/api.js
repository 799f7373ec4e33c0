// @ts-check
/**
 * Talking to this server: GraphQL over POST /graphql (JSON, which Apollo's CSRF protection accepts),
 * and the one place a refusal becomes words for a person. Nothing here keeps the API key: callers
 * pass the headers for each request.
 */

/** A refusal to show as it is, in words; `retryAfterSeconds` when the server said when to come back. */
export class PageError extends Error {
  /** @param {string} message @param {{ code?: string, status?: number, retryAfterSeconds?: number | null }} [details] */
  constructor(message, details = {}) {
    super(message);
    this.name = "PageError";
    this.code = details.code ?? null;
    this.status = details.status ?? null;
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
  }
}

/** @param {string} apiKey @returns {Record<string, string>} */
export function authHeaders(apiKey) {
  return apiKey === "" ? {} : { authorization: `Bearer ${apiKey}` };
}

/**
 * One GraphQL operation; resolves with `data`, or throws a PageError naming what went wrong. A 4xx
 * still carries a GraphQL body (400 BAD_USER_INPUT, 401, 429), so the body is read before the status.
 * @param {string} query @param {Record<string, unknown>} variables @param {Record<string, string>} headers
 * @returns {Promise<any>}
 */
export async function graphql(query, variables, headers) {
  let response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...headers },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new PageError(`The server could not be reached (${error instanceof Error ? error.message : String(error)}). Check that it is running, then try again.`);
  }
  /** @type {any} */
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  const first = Array.isArray(body?.errors) ? body.errors[0] : undefined;
  if (first !== undefined || !response.ok) throw refusal(response, first);
  return body.data;
}

/**
 * The words for a refusal, by HTTP status first (it is what the person can act on), then by the
 * GraphQL error code, with the server's own message kept: it names the field and the rule.
 * @param {Response} response @param {{ message?: string, extensions?: { code?: string } } | undefined} error
 */
export function refusal(response, error) {
  const code = error?.extensions?.code;
  const message = error?.message ?? `HTTP ${response.status} ${response.statusText}`.trim();
  const retryAfter = response.headers.get("retry-after");
  const retryAfterSeconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
  const details = { code, status: response.status, retryAfterSeconds };
  if (response.status === 401 || code === "UNAUTHENTICATED") {
    return new PageError(`This server needs a valid API key: enter yours in "API key" and run again. (${message})`, details);
  }
  if (response.status === 403 || code === "FORBIDDEN") return new PageError(`Your API key may not do this: ${message}`, details);
  if (response.status === 429 || code === "RATE_LIMITED") {
    const wait = retryAfterSeconds === null ? "in a moment" : `in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}`;
    return new PageError(`Too many requests: try again ${wait}. (${message})`, details);
  }
  if (code === "BAD_USER_INPUT" || code === "GRAPHQL_VALIDATION_FAILED") return new PageError(`The server refused the request: ${message}`, details);
  if (response.status >= 500) return new PageError(`The server failed (${response.status}): ${message}. Try again later.`, details);
  return new PageError(`The request failed: ${message}`, details);
}
