import { describe, expect, it } from "vitest";
import { csvCell, resultRow } from "../../../src/jobs/results-csv.js";
import { CheckErrorCode } from "../../../src/domain/check-error-code.js";

describe("csvCell", () => {
  it.each([
    ["+14155550100", "'+14155550100"],
    ["=1+1", "'=1+1"],
    ["-2", "'-2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["plain", "plain"],
    [22132, "22132"],
    [true, "true"],
    [null, ""],
  ] as const)("writes %j as %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe("resultRow", () => {
  it("writes a check error with its code, retryable and next step, and no verdict columns", () => {
    const row = resultRow({
      input: " +14155550503",
      result: { __typename: "PortabilityCheckError", phoneNumber: "+14155550503", code: CheckErrorCode.UPSTREAM_UNAVAILABLE, message: "m", retryable: true, twilioErrorCode: 20503 },
    });
    expect(row).toBe(" +14155550503,'+14155550503,error,,,,,,,,UPSTREAM_UNAVAILABLE,true,RETRY_LATER,,\r\n");
  });
});
