import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";

export interface GraphQLResponse<TData> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: { data?: TData | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

/** POSTs a typed operation the way a client would, over real HTTP. */
export async function execute<TData, TVariables>(
  url: string,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  return postQuery<TData>(url, print(document), variables as Record<string, unknown>, headers);
}

/** POSTs raw query text, for what typed operations cannot express (bad input, aliases). */
export async function postQuery<TData = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as GraphQLResponse<TData>["body"] };
}
