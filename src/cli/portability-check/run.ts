import { writeFile } from "node:fs/promises";
import { checkAsJob } from "./check-job.js";
import { PortabilityClient } from "./client.js";
import { EXIT, RequestError, UsageError } from "./errors.js";
import { formatted, summaryLine } from "./formats.js";
import type { CliOptions } from "./options.js";
import { createProgress } from "./progress.js";
import { readNumbers, type Stdin } from "./read-numbers.js";
import type { ResultNode } from "./result-node.js";

export interface Io {
  readonly stdin: Stdin;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  /** Aborted by Ctrl-C. */
  readonly signal: AbortSignal;
}

/**
 * One run: read the numbers, check them (one request, or a job when they are more than a batch),
 * write the results, say how they came out. Resolves with the exit code; throws UsageError,
 * RequestError or InterruptedError, which the entry point turns into a message and a code.
 */
export async function run(options: CliOptions, io: Io): Promise<number> {
  const numbers = await readNumbers(options, io.stdin);
  const client = new PortabilityClient(options.server);
  const results =
    numbers.length <= options.batchSize
      ? await client.check(numbers, options.target, io.signal)
      : await checkAsJob(client, numbers, options.target, createProgress(io.stderr, !options.quiet), io.signal);
  // Written only once all are in: a failed run leaves no half a file that looks complete.
  if (results.length !== numbers.length) throw new RequestError("INCOMPLETE", `the server returned ${results.length} results for ${numbers.length} numbers`);
  // A pseudo-terminal nobody sized (`script` without a terminal of its own) reports 0 columns.
  const width = options.output === null && io.stdout.isTTY === true && io.stdout.columns > 0 ? io.stdout.columns : null;
  await written(formatted(results, options.format, width), options.output, io.stdout);
  if (!options.quiet) io.stderr.write(summaryLine(results));
  return results.some((node: ResultNode) => node.__typename === "PortabilityCheckError") ? EXIT.CHECK_ERRORS : EXIT.ANSWERED;
}

async function written(text: string, output: string | null, stdout: NodeJS.WriteStream): Promise<void> {
  if (output !== null) {
    try {
      await writeFile(output, text, "utf8");
    } catch (error) {
      throw new UsageError(`cannot write --output ${output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    return;
  }
  await new Promise<void>((resolve, reject) => {
    // EPIPE: the reader stopped reading (`| head`); what it took is what it wanted.
    stdout.write(text, (error) => (error == null || (error as NodeJS.ErrnoException).code === "EPIPE" ? resolve() : reject(error)));
  });
}
