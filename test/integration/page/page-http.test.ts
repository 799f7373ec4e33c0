import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEB_PAGE_CSP } from "../../../src/server/web-page.js";
import { startStubTwilio, type StubTwilio } from "../../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../../helpers/test-app.js";

/** Any absolute or protocol-relative URL: the page and its bundle must name none. */
const EXTERNAL_URL = /(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'<>)]*/gi;

describe.each([
  ["introspection on (the default outside production)", {}],
  ["production (introspection off, GraphiQL not served)", { NODE_ENV: "production" }],
])("The page at / over HTTP, %s", (_name, env: Record<string, string>) => {
  let stub: StubTwilio;
  let app: TestApp;
  let origin: string;
  beforeAll(async () => {
    stub = await startStubTwilio();
    app = await startTestApp(stub.url, env);
    origin = new URL(app.url).origin;
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
  });

  it("answers GET / with the page under a CSP that allows this origin only and nothing inline", async () => {
    const response = await fetch(`${origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toBe(WEB_PAGE_CSP);
    expect(WEB_PAGE_CSP).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'self'",
    );
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await response.text();
    expect(html).toMatch(/<script type="module" src="\/page\/main\.js\?v=[\w-]{12}"><\/script>/);
    expect(html).toMatch(/<link rel="stylesheet" href="\/page\/styles\.css\?v=[\w-]{12}">/);
    // No inline script or style (the CSP would block them anyway) and no URL of another origin.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style\b|\bstyle="/);
    expect(html.match(EXTERNAL_URL) ?? []).toEqual([]);
    expect(stub.received).toEqual([]);
  });

  it("revalidates / by its ETag, even with a ?v= in the URL", async () => {
    const first = await fetch(`${origin}/`);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    await first.arrayBuffer();
    const again = await fetch(`${origin}/?v=1`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("cache-control")).toBe("no-cache");
  });

  it.each([
    ["main.js", "text/javascript; charset=utf-8"],
    ["styles.css", "text/css; charset=utf-8"],
  ])("serves /page/%s as %s: immutable when versioned, an ETag, 304, gzip", async (name, contentType) => {
    const html = await (await fetch(`${origin}/`)).text();
    const versioned = html.match(new RegExp(`/page/${name.replace(".", "\\.")}\\?v=[\\w-]+`))![0];
    const response = await fetch(`${origin}${versioned}`, { headers: { "accept-encoding": "identity" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(contentType);
    expect(response.headers.get("content-security-policy")).toBe(WEB_PAGE_CSP);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const etag = response.headers.get("etag")!;
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.length).toBeGreaterThan(0);
    // The bundle names no other origin: no CDN, no font host, no analytics.
    expect(body.toString("utf8").match(EXTERNAL_URL) ?? []).toEqual([]);
    const bare = await fetch(`${origin}/page/${name}`, { headers: { "if-none-match": etag } });
    expect(bare.status).toBe(304);
    expect(bare.headers.get("cache-control")).toBe("no-cache");
    const gzipped = await fetch(`${origin}${versioned}`, { headers: { "accept-encoding": "gzip" } });
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    expect(Buffer.from(await gzipped.arrayBuffer()).equals(body)).toBe(true);
  });

  it("is small: the whole bundle under 40 kB (graphql-sse's client included, no graphql-js)", () => {
    const size = (name: string) => readFileSync(new URL(`../../../dist/page/${name}`, import.meta.url)).length;
    expect(size("main.js") + size("styles.css") + size("index.html")).toBeLessThan(40_000);
  });

  it("answers an unknown file, index.html as an asset, and a path escaping the bundle with 404", async () => {
    for (const path of ["/page/nope.js", "/page/index.html", "/page/..%2Fmain.js", "/page/../package.json", "/page/main.js.gz"]) {
      expect((await fetch(`${origin}${path}`)).status, path).toBe(404);
    }
    expect((await fetch(`${origin}/`, { method: "POST" })).status).toBe(404);
  });

  it("serves /favicon.ico as an icon", async () => {
    const response = await fetch(`${origin}/favicon.ico`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/x-icon");
    expect([...Buffer.from(await response.arrayBuffer()).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  });
});

describe("The page's source", () => {
  it("type-checks against the DOM (src/web/page/tsconfig.json: the root tsconfig has no DOM and skips .js)", () => {
    const root = new URL("../../../", import.meta.url).pathname;
    // Throws with tsc's diagnostics on stdout when a type is wrong.
    execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, "-p", `${root}src/web/page`], { cwd: root, encoding: "utf8" });
  }, 60_000);
});
