import type { ServerResponse } from "node:http";

/** A GraphQL-shaped error body for what fails before GraphQL runs (routing, body size, JSON). */
export function sendError(response: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(response, status, { errors: [{ message, extensions: { code } }] }, headers);
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** Above this, an answer is sent as bytes encoded once (jsonLine); below, as a string. */
const LARGE_ANSWER_CHARS = 64 * 1024;

/**
 * JSON.stringify(value) + "\n", what Apollo writes. A small answer stays a string: node:http sends
 * it and the headers in one write. A large one (a 10,000-number batch is ~3 MB) becomes one Buffer
 * encoded from the text: as a string, `text + "\n"` would be flattened into a second copy and
 * `end()` would join the headers to it (a third) before encoding it for the socket (a fourth).
 */
export function jsonLine(value: unknown): string | Buffer {
  const text = JSON.stringify(value);
  if (text.length < LARGE_ANSWER_CHARS) return `${text}\n`;
  const size = Buffer.byteLength(text);
  const bytes = Buffer.allocUnsafe(size + 1);
  bytes.write(text, 0, size, "utf8");
  bytes[size] = 0x0a;
  return bytes;
}
