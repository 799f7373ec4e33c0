/**
 * What one GraphQL request came to, filled in by requestLogPlugin as Apollo works and read by the
 * HTTP handler, which logs and counts every request exactly once — including those Apollo refuses
 * before any plugin hook runs (CSRF, batching).
 */
export interface RequestRecord {
  /** The operation's root fields (bounded label values), "none" when no operation was resolved. */
  operation: string;
  operationName: string | undefined;
  /** "ok" or the first error's code; null when Apollo never reached its response hook. */
  outcome: string | null;
}

export function newRequestRecord(): RequestRecord {
  return { operation: "none", operationName: undefined, outcome: null };
}
