import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Serving a bundle the build wrote (dist/graphiql/, dist/page/): files read once into memory with
 * their gzipped twins, an ETag from the bytes, and the cache rule for versioned URLs. Shared by
 * GraphiQL and the page at /, so both answer conditional and compressed requests the same way.
 */
export interface StaticFile {
  readonly body: Buffer;
  readonly gzip: Buffer | null;
  readonly contentType: string;
  readonly etag: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".ttf": "font/ttf",
  ".html": "text/html; charset=utf-8",
};

export function contentTypeOf(name: string): string | undefined {
  return CONTENT_TYPES[name.slice(name.lastIndexOf("."))];
}

/** A strong ETag from the bytes: the same build gives the same tag on every instance. */
export function etagOf(body: Buffer): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

export function staticFile(body: Buffer, contentType: string, gzip: Buffer | null = null): StaticFile {
  return { body, gzip, contentType, etag: etagOf(body) };
}

/** Every file of a known type in `dir`, with its `.gz` twin when the build wrote one; empty when `dir` is missing. */
export function loadStaticFiles(dir: URL): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir)) {
    const contentType = contentTypeOf(name);
    if (contentType === undefined) continue;
    const gzipFile = new URL(`${name}.gz`, dir);
    files.set(name, staticFile(readFileSync(new URL(name, dir)), contentType, existsSync(gzipFile) ? readFileSync(gzipFile) : null));
  }
  return files;
}

export function isReadMethod(request: IncomingMessage): boolean {
  return request.method === "GET" || request.method === "HEAD";
}

export function sendNotFound(response: ServerResponse): void {
  const message = "Not found\n";
  response.writeHead(404, { "content-type": "text/plain; charset=utf-8", "content-length": message.length });
  response.end(message);
}

/**
 * One bundle file: 304 when the caller holds this ETag, gzip when it accepts it. A versioned URL
 * (?v=, which changes with every build) may be kept for a year; a bare URL is revalidated by its ETag.
 */
export function sendStaticFile(
  request: IncomingMessage,
  response: ServerResponse,
  file: StaticFile | undefined,
  headers: Readonly<Record<string, string>>,
  { alwaysRevalidate = false }: { readonly alwaysRevalidate?: boolean } = {},
): void {
  if (file === undefined || !isReadMethod(request)) return sendNotFound(response);
  const common: Record<string, string | number> = {
    ...headers,
    "content-type": file.contentType,
    etag: file.etag,
    "cache-control": !alwaysRevalidate && new URL(request.url ?? "/", "http://localhost").searchParams.has("v") ? "public, max-age=31536000, immutable" : "no-cache",
    vary: "accept-encoding",
  };
  if (request.headers["if-none-match"] === file.etag) {
    response.writeHead(304, common);
    response.end();
    return;
  }
  const gzip = file.gzip !== null && /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
  const body = gzip ? file.gzip! : file.body;
  response.writeHead(200, { ...common, ...(gzip ? { "content-encoding": "gzip" } : {}), "content-length": body.length });
  response.end(request.method === "HEAD" ? undefined : body);
}
