import type { IncomingMessage } from "node:http";
import { HttpError } from "./http-error.js";

/**
 * Reads the whole body as UTF-8, refusing it (413) as soon as it passes `limit` bytes: Content-Length
 * can lie, so the count is what arrives. `connection: close` stops a client that keeps sending.
 * A body that stops arriving because the client hung up ("aborted", ECONNRESET) is the client's
 * doing, not a fault of ours: it becomes a refused request (logged at info, no stack), so operators
 * are not paged for callers with flaky networks.
 */
export async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const tooLarge = () =>
    new HttpError(413, "PAYLOAD_TOO_LARGE", `Request body is larger than ${limit} bytes`, { connection: "close" });
  if (Number(request.headers["content-length"]) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, "REQUEST_ABORTED", "The client closed the connection before the request body was complete");
  }
  return Buffer.concat(chunks, size).toString("utf8");
}
