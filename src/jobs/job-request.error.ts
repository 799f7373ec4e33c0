/**
 * A job request refused before anything is stored or queued: the GraphQL resolver and the HTTP
 * route each translate it once (BAD_USER_INPUT → 400, FORBIDDEN → 403).
 */
export class JobRequestError extends Error {
  override readonly name = "JobRequestError";
  constructor(
    readonly code: "BAD_USER_INPUT" | "FORBIDDEN",
    message: string,
  ) {
    super(message);
  }

  get status(): 400 | 403 {
    return this.code === "FORBIDDEN" ? 403 : 400;
  }
}
