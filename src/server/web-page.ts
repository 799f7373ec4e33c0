import type { IncomingMessage, ServerResponse } from "node:http";
import { loadStaticFiles, sendStaticFile, type StaticFile } from "./static-files.js";

/**
 * The page at / (source src/web/page/, bundled by scripts/build-page.mjs into dist/page/ at
 * `npm run build`): paste numbers, run a bulk job, watch it, read and download the results. It is
 * not GraphiQL: it needs no introspection, so it is served in production too, and it holds nothing
 * but the bundle (the API key, if any, is typed into it and sent with its own requests).
 */
export interface WebPageRoutes {
  /** GET / */
  page(request: IncomingMessage, response: ServerResponse): void;
  /** GET /page/<file>: the bundle, named by index.html with ?v=<hash>. */
  asset(request: IncomingMessage, response: ServerResponse, pathname: string): void;
}

export const WEB_PAGE_ASSET_PREFIX = "/page/";
const DEFAULT_DIR = new URL("../../dist/page/", import.meta.url);

/**
 * No external origin and nothing inline: the page's script and styles are files from this server,
 * it talks to this server only, and no form posts anywhere (the script sends the requests).
 */
export const WEB_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
].join("; ");

const SECURITY_HEADERS = { "content-security-policy": WEB_PAGE_CSP, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" };

export function createWebPage(options: { readonly dir?: URL } = {}): WebPageRoutes {
  // Read on first use, like GraphiQL's bundle, though this one is small (tens of kB); a rebuild is
  // picked up on restart.
  let files: Map<string, StaticFile> | undefined;
  const load = () => (files ??= loadStaticFiles(options.dir ?? DEFAULT_DIR));

  return {
    page(request, response) {
      const html = load().get("index.html");
      if (html === undefined) {
        const message = "The page is not built: run `npm run build` (it bundles src/web/page/ into dist/page/), then restart.\n";
        response.writeHead(404, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(message), "cache-control": "no-store" });
        response.end(message);
        return;
      }
      // Revalidated every time (by its ETag), whatever the query: it names the current bundle.
      sendStaticFile(request, response, html, SECURITY_HEADERS, { alwaysRevalidate: true });
    },
    asset(request, response, pathname) {
      const name = pathname.slice(WEB_PAGE_ASSET_PREFIX.length);
      // index.html is the page at /, not an asset.
      sendStaticFile(request, response, name === "index.html" ? undefined : load().get(name), SECURITY_HEADERS);
    },
  };
}
