import { describe, expect, it } from "vitest";
import { formatted, summaryLine } from "../../../src/cli/portability-check/formats.js";
import type { ResultNode } from "../../../src/cli/portability-check/result-node.js";
import { CheckErrorCode } from "../../../src/domain/check-error-code.js";
import { NotPortableReason } from "../../../src/domain/not-portable-reason.js";
import { NumberType } from "../../../src/domain/number-type.js";
import { PortingNextStep } from "../../../src/domain/porting-next-step.js";

const checked = { id: "id", targetAccountSid: null, addressSid: null };

function answer(input: string, fields: Partial<Extract<ResultNode, { __typename: "Portability" }>> = {}): ResultNode {
  return {
    __typename: "Portability",
    ...checked,
    input,
    phoneNumber: input,
    accountSid: null,
    portable: true,
    pinAndAccountNumberRequired: false,
    notPortableReason: null,
    notPortableReasonCode: null,
    numberType: NumberType.LOCAL,
    country: "US",
    url: null,
    checkedAt: "2026-12-01T12:00:00.000Z",
    nextStep: PortingNextStep.PORT_IN,
    guidance: "Open a port-in request.",
    helpUrl: null,
    ...fields,
  };
}

const failure: ResultNode = {
  __typename: "PortabilityCheckError",
  ...checked,
  input: "+14155550503",
  phoneNumber: "+14155550503",
  code: CheckErrorCode.UPSTREAM_TIMEOUT,
  message: "no answer in time",
  retryable: true,
  twilioErrorCode: null,
  nextStep: PortingNextStep.RETRY_LATER,
};

describe("portability-check's output formats (src/cli/portability-check/formats.ts)", () => {
  it("writes csv as results.csv: spreadsheet-safe cells, quoted when needed, CRLF", () => {
    const invalid = answer('=HYPERLINK("x"),1', { portable: false, notPortableReason: NotPortableReason.INVALID_PHONE_NUMBER, notPortableReasonCode: 22102, numberType: NumberType.UNKNOWN, country: null, pinAndAccountNumberRequired: null, nextStep: PortingNextStep.FIX_PHONE_NUMBER });
    const lines = formatted([answer("+14155550100"), invalid, failure], "csv", null).split("\r\n");
    // The first twelve columns are results.csv's from the start; the server may append more (guidance).
    const firstTwelve = [
      "input,phone_number,outcome,portable,not_portable_reason,not_portable_reason_code,number_type,country,pin_and_account_number_required,account_sid,error_code,retryable",
      "'+14155550100,'+14155550100,portable,true,,,LOCAL,US,false,,,",
      `"'=HYPERLINK(""x""),1","'=HYPERLINK(""x""),1",not_portable,false,INVALID_PHONE_NUMBER,22102,UNKNOWN,,,,,`,
      "'+14155550503,'+14155550503,error,,,,,,,,UPSTREAM_TIMEOUT,true",
    ];
    expect(lines).toHaveLength(5);
    lines.slice(0, 4).forEach((line, index) => expect(line.startsWith(`${firstTwelve[index]},`), line).toBe(true));
    expect(lines[4]).toBe("");
  });

  it("never sends a number's control characters to a terminal: escape sequences become ?", () => {
    const table = formatted([answer("\u001b]0;pwned\u0007+1415")], "table", null);
    expect(table.split("\n")[1]).toBe("?]0;pwned?+1415  portable          PORT_IN");
    expect(table).not.toContain("\u001b");
  });

  it("leaves a table at its natural width without a terminal width, and cuts the reason first, then the next step, to fit one", () => {
    const long = answer("+14155550132", { portable: false, notPortableReason: NotPortableReason.ALREADY_IN_TWILIO_DIFFERENT_OWNER, notPortableReasonCode: 22132, nextStep: PortingNextStep.MOVE_BETWEEN_ACCOUNTS });
    expect(formatted([long], "table", null).split("\n")[1]).toBe("+14155550132  not portable  ALREADY_IN_TWILIO_DIFFERENT_OWNER 22132  MOVE_BETWEEN_ACCOUNTS");
    expect(formatted([long], "table", 60).split("\n")[1]).toBe("+14155550132  not portable  ALREADY_I…  MOVE_BETWEEN_ACCOUN…");
  });

  it.each([
    [[answer("+1")], "1 number: 1 portable, 0 not portable, 0 errors\n"],
    [[answer("+1"), failure], "2 numbers: 1 portable, 0 not portable, 1 error\n"],
    [[], "0 numbers: 0 portable, 0 not portable, 0 errors\n"],
  ])("summarises results %# in one line", (results, line) => {
    expect(summaryLine(results)).toBe(line);
  });
});
