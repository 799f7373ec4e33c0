import type { DocumentNode } from "graphql";

/** Rough bytes of one token object of graphql-js's lexer (kind, offsets, line, column, value, prev/next). */
const TOKEN_BYTES = 100;

/**
 * Bytes a parsed document keeps alive: the query text (every node's `loc.source.body` points at it,
 * comments included), the lexer's token chain (also reachable from `loc`), and the AST itself.
 * Apollo's own store counts only JSON.stringify(document), about 450 bytes for any small query, so a
 * 250 KB comment was cached as 450 bytes: 1,000 distinct padded queries grew RSS by ~250 MB.
 */
export function documentBytes(document: DocumentNode): number {
  let tokens = 0;
  for (let token = document.loc?.startToken ?? null; token !== null; token = token.next) tokens += 1;
  return (document.loc?.source.body.length ?? 0) + tokens * TOKEN_BYTES + JSON.stringify(document).length;
}

/**
 * Apollo's parsed-and-validated document cache (its `documentStore`), bounded by what the documents
 * really hold: least recently used documents go first once `maxBytes` would be passed, and a document
 * larger than the whole budget is simply not cached. A Map keeps insertion order, which is all an
 * LRU needs: a hit is moved to the end, eviction takes from the front.
 */
export class DocumentStore {
  readonly #entries = new Map<string, { document: DocumentNode; bytes: number }>();
  #heldBytes = 0;

  constructor(readonly maxBytes: number) {}

  /** What the cached documents hold now, by documentBytes; never more than maxBytes. */
  get heldBytes(): number {
    return this.#heldBytes;
  }

  async get(key: string): Promise<DocumentNode | undefined> {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.document;
  }

  async set(key: string, document: DocumentNode): Promise<void> {
    await this.delete(key);
    const bytes = documentBytes(document);
    if (bytes > this.maxBytes) return;
    for (const [oldest, entry] of this.#entries) {
      if (this.#heldBytes + bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#heldBytes -= entry.bytes;
    }
    this.#entries.set(key, { document, bytes });
    this.#heldBytes += bytes;
  }

  async delete(key: string): Promise<boolean> {
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    this.#entries.delete(key);
    this.#heldBytes -= entry.bytes;
    return true;
  }
}
