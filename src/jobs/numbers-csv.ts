import { JobRequestError } from "./job-request.error.js";

/**
 * The numbers of a POST /jobs CSV body: one number per line, or a header row with a `phone_number`
 * column (any other columns are ignored, so a results.csv of an earlier job can be sent back). Blank
 * lines are skipped. Cells may be quoted (RFC 4180, no line breaks inside a cell); a leading ' that
 * results.csv put before a + is removed again.
 */
export function numbersFromCsv(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  let first = 0;
  while (first < lines.length && lines[first]!.trim() === "") first += 1;
  if (first === lines.length) return [];
  const header = cells(lines[first]!).map((cell) => cell.trim().toLowerCase());
  let column = header.indexOf("phone_number");
  if (column === -1) {
    if (header.length > 1) throw new JobRequestError("BAD_USER_INPUT", "a CSV with several columns needs a header row naming a phone_number column");
    column = 0;
  } else {
    first += 1;
  }
  const numbers: string[] = [];
  for (let index = first; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.trim() === "") continue;
    const cell = (cells(line)[column] ?? "").trim();
    numbers.push(/^'[=+\-@]/.test(cell) ? cell.slice(1) : cell);
  }
  return numbers;
}

function cells(line: string): string[] {
  const out: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index]!;
    if (quoted) {
      if (char !== '"') cell += char;
      else if (line[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      out.push(cell);
      cell = "";
    } else cell += char;
  }
  out.push(cell);
  return out;
}
