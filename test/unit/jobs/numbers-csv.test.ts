import { describe, expect, it } from "vitest";
import { JobRequestError } from "../../../src/jobs/job-request.error.js";
import { numbersFromCsv } from "../../../src/jobs/numbers-csv.js";

describe("numbersFromCsv", () => {
  it.each([
    ["one number per line", "+14155550100\n+14155550101\n", ["+14155550100", "+14155550101"]],
    ["CRLF, blank lines and a BOM", "\uFEFF+14155550100\r\n\r\n+14155550101\r\n", ["+14155550100", "+14155550101"]],
    ["a phone_number header among other columns", "name,Phone_Number\nann,+14155550100\n\"b, c\",\"+14155550101\"\n", ["+14155550100", "+14155550101"]],
    ["a lone phone_number header", "phone_number\n+14155550100\n", ["+14155550100"]],
    ["a results.csv sent back (the ' before + removed)", "input,phone_number,outcome\n'+14155550100,'+14155550100,portable\n", ["+14155550100"]],
    ["repeats kept", "+14155550100\n+14155550100\n", ["+14155550100", "+14155550100"]],
    ["an empty body", "\n\n", []],
  ])("reads %s", (_what, text, numbers) => {
    expect(numbersFromCsv(text)).toEqual(numbers);
  });

  it("refuses several columns without a phone_number header", () => {
    expect(() => numbersFromCsv("a,b\n1,2\n")).toThrow(JobRequestError);
  });
});
