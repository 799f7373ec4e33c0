/**
 * Opaque page cursors: base64url of the result's index. Opaque so clients keep paging with
 * endCursor instead of computing offsets, which lets the encoding change later.
 */
export function cursorFor(index: number): string {
  return Buffer.from(`result:${index}`, "utf8").toString("base64url");
}

/** The index after the cursor's result; null for a cursor this service did not make. */
export function offsetAfter(cursor: string): number | null {
  const match = /^result:(\d{1,9})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return match === null ? null : Number(match[1]) + 1;
}
