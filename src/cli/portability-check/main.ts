#!/usr/bin/env node
// portability-check: checks phone numbers through a portability-graphql server (README "Command line").
// The package's bin; compiled to dist/, so it runs where only production dependencies are installed.
import { CommanderError } from "commander";
import { EXIT, InterruptedError, RequestError, UsageError } from "./errors.js";
import { parseOptions } from "./options.js";
import { run } from "./run.js";

const interrupt = new AbortController();
process.once("SIGINT", () => {
  interrupt.abort();
  // A second Ctrl-C does not wait for the job's cancel.
  process.once("SIGINT", () => process.exit(EXIT.INTERRUPTED));
});
// The reader of a pipe may leave early (`| head`); that is not this process's failure.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

let apiKey: string | null = null;
try {
  const options = parseOptions(process.argv.slice(2), process.env, { stdoutIsTTY: process.stdout.isTTY === true });
  apiKey = options.server.apiKey;
  process.exitCode = await run(options, {
    stdin: { stream: process.stdin, isTTY: process.stdin.isTTY === true },
    stdout: process.stdout,
    stderr: process.stderr,
    signal: interrupt.signal,
  });
} catch (error) {
  process.exitCode = exitCodeFor(error);
}

/** The one place an error becomes a line on stderr and an exit code. */
function exitCodeFor(error: unknown): number {
  // Commander has printed its message (or the help) already.
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ANSWERED : EXIT.FAILED;
  const known = error instanceof UsageError || error instanceof RequestError || error instanceof InterruptedError;
  const message = known ? error.message : `unexpected error: ${(error as Error).stack ?? String(error)}`;
  // No message is built from the key, but one from a server could echo it: never print it.
  process.stderr.write(`portability-check: ${apiKey === null ? message : message.replaceAll(apiKey, "[api key]")}\n`);
  return error instanceof InterruptedError ? EXIT.INTERRUPTED : EXIT.FAILED;
}
