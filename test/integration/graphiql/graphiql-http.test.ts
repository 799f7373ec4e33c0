import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GRAPHIQL_CSP } from "../../../src/server/graphiql.js";
import { bearer, writeKeysFile, type KeysFile } from "../../security/helpers/security-helpers.js";
import { startStubTwilio, type StubTwilio } from "../../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../../helpers/test-app.js";

const HTML = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

describe("GraphiQL over HTTP (introspection on, the default outside production)", () => {
  let stub: StubTwilio;
  let app: TestApp;
  let origin: string;
  beforeAll(async () => {
    stub = await startStubTwilio();
    app = await startTestApp(stub.url);
    origin = new URL(app.url).origin;
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
  });

  it("answers a browser's GET /graphql with the GraphiQL page under a strict CSP, naming no other origin", async () => {
    const response = await fetch(app.url, { headers: HTML });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toBe(GRAPHIQL_CSP);
    expect(response.headers.get("cache-control")).toBe("no-cache");
    const html = await response.text();
    expect(html).toContain('<div id="graphiql">');
    expect(html).toMatch(/<script type="module" src="\/graphiql\/graphiql\.js\?v=[\w-]+"><\/script>/);
    // Every URL in the page is a path on this server: nothing from a CDN.
    expect(html.match(/(?:https?:)?\/\/[^\s"'<>]+/g) ?? []).toEqual([]);
    expect(GRAPHIQL_CSP).not.toMatch(/https?:|\*/);
    expect(stub.received).toEqual([]);
  });

  it("still answers a GraphQL client's GET /graphql (no text/html in Accept) with GraphQL", async () => {
    const response = await fetch(`${app.url}?query=${encodeURIComponent("{__typename}")}`, {
      headers: { accept: "application/json", "apollo-require-preflight": "true" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: "Query" } });
  });

  it.each([
    ["graphiql.js", "text/javascript; charset=utf-8"],
    ["graphiql.css", "text/css; charset=utf-8"],
    ["page.css", "text/css; charset=utf-8"],
    ["editor.worker.js", "text/javascript; charset=utf-8"],
    ["json.worker.js", "text/javascript; charset=utf-8"],
    ["graphql.worker.js", "text/javascript; charset=utf-8"],
  ])("serves /graphiql/%s as %s with the CSP, an ETag and caching", async (name, contentType) => {
    const versioned = await fetch(`${origin}/graphiql/${name}?v=1`);
    expect(versioned.status).toBe(200);
    expect(versioned.headers.get("content-type")).toBe(contentType);
    expect(versioned.headers.get("content-security-policy")).toBe(GRAPHIQL_CSP);
    expect(versioned.headers.get("x-content-type-options")).toBe("nosniff");
    expect(versioned.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const etag = versioned.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await versioned.arrayBuffer()).byteLength).toBeGreaterThan(0);
    const bare = await fetch(`${origin}/graphiql/${name}`, { headers: { "if-none-match": etag } });
    expect(bare.status).toBe(304);
    expect(bare.headers.get("cache-control")).toBe("no-cache");
  });

  it("sends the bundle gzipped to a client that accepts it, and it is the same bytes", async () => {
    const plain = await fetch(`${origin}/graphiql/graphiql.js`, { headers: { "accept-encoding": "identity" } });
    const gzipped = await fetch(`${origin}/graphiql/graphiql.js`, { headers: { "accept-encoding": "gzip" } });
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    expect(Number(gzipped.headers.get("content-length"))).toBeLessThan(Number(plain.headers.get("content-length")));
    expect(Buffer.from(await gzipped.arrayBuffer()).equals(Buffer.from(await plain.arrayBuffer()))).toBe(true);
  });

  it("answers an unknown asset, and a path escaping the bundle, with 404", async () => {
    expect((await fetch(`${origin}/graphiql/nope.js`)).status).toBe(404);
    expect((await fetch(`${origin}/graphiql/..%2Fmain.js`)).status).toBe(404);
    expect((await fetch(`${origin}/graphiql/../package.json`)).status).toBe(404);
  });

  it("serves /favicon.ico as an icon", async () => {
    const response = await fetch(`${origin}/favicon.ico`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/x-icon");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  });
});

describe("GraphiQL with introspection off (production's default)", () => {
  let stub: StubTwilio;
  let app: TestApp;
  beforeAll(async () => {
    stub = await startStubTwilio();
    app = await startTestApp(stub.url, { INTROSPECTION: "false" });
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
  });

  it("answers a browser's GET /graphql with a plain 404 saying how to turn it on", async () => {
    const response = await fetch(app.url, { headers: HTML });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toContain("Set INTROSPECTION=true");
  });

  it("serves none of the bundle", async () => {
    expect((await fetch(`${new URL(app.url).origin}/graphiql/graphiql.js`)).status).toBe(404);
  });
});

describe("GraphiQL with API keys (API_KEYS_FILE)", () => {
  let stub: StubTwilio;
  let app: TestApp;
  let keys: KeysFile;
  beforeAll(async () => {
    stub = await startStubTwilio();
    keys = writeKeysFile([{ id: "dashboard", secret: "s3cret-dashboard", targets: "*" }]);
    app = await startTestApp(stub.url, { API_KEYS_FILE: keys.path });
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
    keys?.remove();
  });

  it("serves the page without a key (it holds only the bundle), while its queries need one, as the headers editor sends it", async () => {
    expect((await fetch(app.url, { headers: HTML })).status).toBe(200);
    // What the page's fetcher sends: JSON POST to /graphql with the headers editor's contents.
    const post = (headers: Record<string, string>) =>
      fetch(app.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query: "{__typename}" }) });
    expect((await post({})).status).toBe(401);
    const allowed = await post(bearer("s3cret-dashboard"));
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ data: { __typename: "Query" } });
  });
});

describe("GraphiQL in production (NODE_ENV=production)", () => {
  let stub: StubTwilio;
  beforeAll(async () => {
    stub = await startStubTwilio();
  });
  afterAll(async () => {
    await stub?.close();
  });

  it.each([
    [{}, 404],
    [{ INTROSPECTION: "true" }, 200],
  ])("with %j answers a browser's GET /graphql with %i", async (env, status) => {
    const app = await startTestApp(stub.url, { NODE_ENV: "production", ...env });
    try {
      expect((await fetch(app.url, { headers: HTML })).status).toBe(status);
    } finally {
      await app.close();
    }
  });
});
