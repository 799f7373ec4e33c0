import { Kind, parse, type DocumentNode } from "graphql";

/**
 * Whether a GraphQL POST body is exactly one startPortabilityJob mutation: the only request allowed
 * past MAX_BODY_BYTES (up to the job body limit), because its numbers travel in the variables. The
 * query text itself must still fit MAX_BODY_BYTES, so nothing large is parsed here, and a document
 * with any other operation or root field keeps the ordinary limit (HTTP 413).
 */
export function isStartJobOnly(body: unknown, maxQueryBytes: number): boolean {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
  const { query, operationName } = body as { query?: unknown; operationName?: unknown };
  if (typeof query !== "string" || Buffer.byteLength(query) > maxQueryBytes) return false;
  let document: DocumentNode;
  try {
    document = parse(query, { noLocation: true });
  } catch {
    return false;
  }
  // Fragments are fine (a client's selection of the job's fields); one operation, and only this one.
  if (!document.definitions.every((definition) => definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION)) return false;
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) return false;
  const [operation] = operations;
  if (operation?.kind !== Kind.OPERATION_DEFINITION || operation.operation !== "mutation") return false;
  if (operationName != null && operationName !== operation.name?.value) return false;
  const fields = operation.selectionSet.selections;
  return fields.length === 1 && fields[0]!.kind === Kind.FIELD && fields[0]!.name.value === "startPortabilityJob";
}
