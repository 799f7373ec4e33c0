import type { IncomingMessage } from "node:http";
import { HttpError } from "./http-error.js";

/**
 * Reads the whole body as UTF-8, refusing it (413) as soon as it passes `limit` bytes: Content-Length
 * can lie, so the count is what arrives. `connection: close` stops a client that keeps sending.
 */
export async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const tooLarge = () =>
    new HttpError(413, "PAYLOAD_TOO_LARGE", `Request body is larger than ${limit} bytes`, { connection: "close" });
  if (Number(request.headers["content-length"]) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}
