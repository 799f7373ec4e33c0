import { expect, it } from "vitest";
import { cursorFor, offsetAfter } from "../../../src/jobs/result-cursor.js";

it("a cursor leads to the result after it; a cursor this service did not make is null", () => {
  expect(offsetAfter(cursorFor(0))).toBe(1);
  expect(offsetAfter(cursorFor(99_999))).toBe(100_000);
  expect(offsetAfter("bm90LWEtY3Vyc29y")).toBeNull();
  expect(offsetAfter(Buffer.from("result:-1").toString("base64url"))).toBeNull();
});
