/**
 * The exit codes, one place: scripts branch on them, so they are part of the CLI's contract
 * (README "Command line", `--help`).
 */
export const EXIT = {
  /** Every number got a Portability answer, portable or not. */
  ANSWERED: 0,
  /** At least one number got a PortabilityCheckError (no answer could be had: retry those). */
  CHECK_ERRORS: 1,
  /** Nothing was checked, or not all of it: bad usage, no connection, refused key or request, a job that did not complete. */
  FAILED: 2,
  /** Ctrl-C, as shells report SIGINT (128 + 2). */
  INTERRUPTED: 130,
} as const;

/** Bad arguments or input; the message names the option or the source and what was expected. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly code = "USAGE";
}

/**
 * The server could not be reached or refused the request (HTTP status, GraphQL error). `code` is the
 * GraphQL `extensions.code`, `HTTP_<status>` or the socket's error code; the message carries the
 * server's own message only, never a response body or a header.
 */
export class RequestError extends Error {
  override readonly name = "RequestError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Ctrl-C: a running job has been cancelled (or the attempt to has failed, said in the message). */
export class InterruptedError extends Error {
  override readonly name = "InterruptedError";
  readonly code = "INTERRUPTED";
}
