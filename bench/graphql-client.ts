import type { Dispatcher } from "undici";

/** The bench's GraphQL client: one POST /graphql on a keep-alive undici dispatcher, body parsed. */
export interface GraphQLResponse<T> {
  readonly status: number;
  readonly body: { data?: T; errors?: readonly { message: string; extensions?: { code?: string } }[] };
  /** Response size in bytes. */
  readonly bytes: number;
}

const HEADERS = { "content-type": "application/json", accept: "application/json" };

export async function postGraphQL<T>(
  client: Dispatcher,
  query: string,
  variables: Record<string, unknown>,
  /** E.g. `authorization` for a layer with API_KEYS_FILE. */
  headers: Readonly<Record<string, string>> = {},
): Promise<GraphQLResponse<T>> {
  const response = await client.request({
    path: "/graphql",
    method: "POST",
    headers: { ...HEADERS, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, body: JSON.parse(text) as GraphQLResponse<T>["body"], bytes: Buffer.byteLength(text) };
}

/** A short description of what went wrong in a response, for failure messages. */
export function describeErrors(response: GraphQLResponse<unknown>): string {
  const errors = response.body.errors ?? [];
  return `HTTP ${response.status}${errors.length > 0 ? `: ${errors.map((e) => `${e.extensions?.code ?? "?"} ${e.message}`).join("; ")}` : ""}`;
}
