import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { documentBytes, DocumentStore } from "../../../src/server/document-store.js";

const doc = (padding: number, name = "Q") => parse(`# ${"x".repeat(padding)}\nquery ${name} { __typename }`);

describe("documentBytes", () => {
  it("counts the query text a document keeps alive, comments included", () => {
    expect(documentBytes(doc(100_000))).toBeGreaterThan(100_000);
    // The text's growth, plus a few more digits in the AST's offsets.
    expect(documentBytes(doc(100_000)) - documentBytes(doc(0))).toBeGreaterThanOrEqual(100_000);
    expect(documentBytes(doc(100_000)) - documentBytes(doc(0))).toBeLessThan(100_100);
  });
});

describe("DocumentStore", () => {
  it("evicts the least recently used documents to stay within maxBytes", async () => {
    const size = documentBytes(doc(10_000, "A"));
    const store = new DocumentStore(size * 2 + 10);
    await store.set("a", doc(10_000, "A"));
    await store.set("b", doc(10_000, "B"));
    expect(await store.get("a")).toBeDefined();
    await store.set("c", doc(10_000, "C"));
    expect(await store.get("b")).toBeUndefined();
    expect(await store.get("a")).toBeDefined();
    expect(await store.get("c")).toBeDefined();
    expect(store.heldBytes).toBe(size * 2);
  });

  it("does not cache a document larger than the whole budget, and replacing or deleting a key releases its bytes", async () => {
    const store = new DocumentStore(5_000);
    await store.set("big", doc(10_000));
    expect(await store.get("big")).toBeUndefined();
    expect(store.heldBytes).toBe(0);
    await store.set("small", doc(0));
    await store.set("small", doc(0));
    expect(store.heldBytes).toBe(documentBytes(doc(0)));
    expect(await store.delete("small")).toBe(true);
    expect(store.heldBytes).toBe(0);
  });
});
