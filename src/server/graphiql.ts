import type { IncomingMessage, ServerResponse } from "node:http";
import { contentTypeOf, isReadMethod, loadStaticFiles, sendStaticFile, staticFile, type StaticFile } from "./static-files.js";

/**
 * GraphiQL 5 for people with a browser, from this server's own bundle (scripts/build-graphiql.mjs
 * writes it to dist/graphiql/ at `npm run build`): nothing is loaded from a CDN, so it works offline
 * and tells no third party who uses it. Served only when introspection is on (GraphiQL needs the
 * schema), i.e. by default outside production, or with INTROSPECTION=true.
 */
export interface GraphiQLRoutes {
  /** GET /graphql asked by a browser (Accept: text/html). */
  page(request: IncomingMessage, response: ServerResponse): void;
  /** GET /graphiql/<file>: the bundle. */
  asset(request: IncomingMessage, response: ServerResponse, pathname: string): void;
}

export interface GraphiQLOptions {
  readonly enabled: boolean;
  /** Where the bundle is; by default dist/graphiql/ at the package root (from src/ and from dist/). */
  readonly dir?: URL;
}

const ASSET_PREFIX = "/graphiql/";
const DEFAULT_DIR = new URL("../../dist/graphiql/", import.meta.url);

/**
 * No external origin anywhere. 'unsafe-inline' for styles only: Monaco and GraphiQL set element
 * styles at run time (no script is inline). Workers come from 'self' (the bundle's *.worker.js).
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = { "content-security-policy": GRAPHIQL_CSP, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" };

function pageHtml(version: string): string {
  // The version in the asset URLs changes with the bundle, so a browser never mixes two builds.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>portability-graphql · GraphiQL</title>
<base href="${ASSET_PREFIX}">
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="${ASSET_PREFIX}graphiql.css?v=${version}">
<link rel="stylesheet" href="${ASSET_PREFIX}page.css?v=${version}">
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script type="module" src="${ASSET_PREFIX}graphiql.js?v=${version}"></script>
</body>
</html>
`;
}

/** The page's own few rules: served as a file, so the policy needs no inline style hash. */
const PAGE_CSS = "html, body { height: 100%; margin: 0; } #graphiql { height: 100vh; }\n";

export function createGraphiQL(options: GraphiQLOptions): GraphiQLRoutes {
  // Read on the first request for the page or a file, not at start-up: the bundle is about 9 MB in
  // memory (plain and gzipped), which a server nobody opens GraphiQL on (a bench, a worker) should
  // not carry. Once read it stays; a rebuild is picked up on restart.
  let loaded: { assets: Map<string, StaticFile>; built: boolean; html: Buffer } | undefined;
  const load = () => {
    if (loaded !== undefined) return loaded;
    const assets = options.enabled ? loadStaticFiles(options.dir ?? DEFAULT_DIR) : new Map<string, StaticFile>();
    const built = assets.has("graphiql.js");
    if (built) assets.set("page.css", staticFile(Buffer.from(PAGE_CSS), contentTypeOf("page.css")!));
    const version = built ? assets.get("graphiql.js")!.etag.slice(1, 13) : "";
    loaded = { assets, built, html: Buffer.from(pageHtml(version)) };
    return loaded;
  };

  const unavailable = (response: ServerResponse) => {
    const message = options.enabled
      ? "GraphiQL is not built: run `npm run build` (it bundles GraphiQL into dist/graphiql/), then restart.\n"
      : "GraphiQL is off because introspection is off (the default with NODE_ENV=production). Set INTROSPECTION=true to serve it.\n";
    response.writeHead(404, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(message), "cache-control": "no-store" });
    response.end(message);
  };

  return {
    page(request, response) {
      const { built, html } = load();
      if (!built) return unavailable(response);
      response.writeHead(200, {
        ...SECURITY_HEADERS,
        "content-type": "text/html; charset=utf-8",
        "content-length": html.length,
        // The page is tiny and names the current bundle: always revalidate it.
        "cache-control": "no-cache",
        vary: "accept",
      });
      response.end(request.method === "HEAD" ? undefined : html);
    },
    asset(request, response, pathname) {
      const { built, assets } = load();
      if (!built) return unavailable(response);
      sendStaticFile(request, response, assets.get(pathname.slice(ASSET_PREFIX.length)), SECURITY_HEADERS);
    },
  };
}

/**
 * A browser navigating to /graphql: GET or HEAD whose Accept names text/html. A GraphQL client asks
 * for JSON (or nothing) and never lists text/html, so it still reaches Apollo.
 */
export function wantsGraphiQL(request: IncomingMessage): boolean {
  return isReadMethod(request) && /\btext\/html\b/i.test(String(request.headers.accept ?? ""));
}

export const GRAPHIQL_ASSET_PREFIX = ASSET_PREFIX;
