import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { JobRequestError } from "../../jobs/job-request.error.js";
import { numbersFromCsv } from "../../jobs/numbers-csv.js";
import { UsageError } from "./errors.js";

export interface NumberSources {
  readonly numbers: readonly string[];
  /** A path, "-" for stdin, or null. */
  readonly file: string | null;
}

export interface Stdin {
  readonly stream: Readable;
  readonly isTTY: boolean;
}

/**
 * The numbers to check, in order: the arguments, then the file's. With neither, stdin, unless it is
 * a terminal (a person who typed no number gets the usage, not a silent wait). Files are read by the
 * server's own CSV rules (POST /jobs), so a file the CLI accepts is one a job upload accepts.
 */
export async function readNumbers(sources: NumberSources, stdin: Stdin): Promise<string[]> {
  const file = sources.file ?? (sources.numbers.length === 0 ? "-" : null);
  if (file === "-" && sources.file === null && stdin.isTTY) {
    throw new UsageError("no phone numbers: give them as arguments, with --file, or on stdin");
  }
  const fromFile = file === null ? [] : parsed(file, file === "-" ? await readAll(stdin.stream) : await readText(file));
  const numbers = [...sources.numbers, ...fromFile];
  if (numbers.length === 0) throw new UsageError(`no phone numbers in ${file === "-" ? "stdin" : file}`);
  return numbers;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

function parsed(source: string, text: string): string[] {
  try {
    return numbersFromCsv(text);
  } catch (error) {
    if (error instanceof JobRequestError) throw new UsageError(`${source === "-" ? "stdin" : source}: ${error.message}`);
    throw error;
  }
}
