import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postQuery } from "../helpers/graphql-client.js";
import { startStubTwilio, type StubTwilio } from "../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const ALLOWED = "https://app.example.com";
const EVIL = "https://evil.example";
const INTROSPECTION = "{ __schema { queryType { name } } }";
// Regression (issue 7): Apollo's own message told operators to "pass introspection: true to ApolloServer".
const INTROSPECTION_REFUSED = "Introspection is disabled on this server (set INTROSPECTION=true to enable it)";
const MISSPELLED = '{ portabilty(phoneNumber: "+14155550100") { __typename } }';

const preflight = (url: string, origin: string) =>
  fetch(url, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,authorization" } });
const corsHeaders = (response: Response) => [...response.headers.keys()].filter((name) => name.startsWith("access-control-"));

describe("HTTP surface: CORS, production mode, routes (live apps)", () => {
  let stub: StubTwilio;
  const apps: Record<"plain" | "cors" | "production" | "productionIntrospection", TestApp> = {} as never;
  beforeAll(async () => {
    stub = await startStubTwilio();
    apps.plain = await startTestApp(stub.url, { LOG_LEVEL: "silent" });
    apps.cors = await startTestApp(stub.url, { CORS_ORIGINS: `${ALLOWED}, https://other.example.com`, LOG_LEVEL: "silent" });
    apps.production = await startTestApp(stub.url, { NODE_ENV: "production", LOG_LEVEL: "silent" });
    apps.productionIntrospection = await startTestApp(stub.url, { NODE_ENV: "production", INTROSPECTION: "true", LOG_LEVEL: "silent" });
  });
  afterAll(async () => {
    for (const app of Object.values(apps)) await app?.close();
    await stub?.close();
  });

  describe("CORS", () => {
    it("answers a preflight from an allowed origin with that origin, the methods and headers", async () => {
      const response = await preflight(apps.cors.url, ALLOWED);
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED);
      expect(response.headers.get("access-control-allow-methods")).toBe("GET,POST");
      expect(response.headers.get("access-control-allow-headers")).toBe("authorization,content-type,apollo-require-preflight,x-apollo-operation-name,x-request-id");
      expect(response.headers.get("access-control-max-age")).toBe("600");
      expect(response.headers.get("access-control-allow-credentials")).toBeNull();
      expect(response.headers.get("vary")).toMatch(/Origin/);
    });

    it.each([EVIL, "https://app.example.com.evil.example", "http://app.example.com", "null"])("gives a preflight from %s no access-control-allow-origin", async (origin) => {
      const response = await preflight(apps.cors.url, origin);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
    });

    it("decorates an allowed origin's POST and exposes x-request-id and retry-after; an evil origin's POST gets no CORS grant", async () => {
      const allowed = await postQuery(apps.cors.url, "{ __typename }", {}, { origin: ALLOWED });
      expect(allowed.headers.get("access-control-allow-origin")).toBe(ALLOWED);
      expect(allowed.headers.get("access-control-expose-headers")).toBe("x-request-id,retry-after");
      const evil = await postQuery(apps.cors.url, "{ __typename }", {}, { origin: EVIL });
      expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    });

    it("without CORS_ORIGINS sends no access-control-* header at all, to a preflight or a request", async () => {
      const options = await preflight(apps.plain.url, ALLOWED);
      expect(corsHeaders(options)).toEqual([]);
      const post = await postQuery(apps.plain.url, "{ __typename }", {}, { origin: ALLOWED });
      expect(post.status).toBe(200);
      expect(corsHeaders(await fetch(apps.plain.url, { method: "POST", headers: { origin: EVIL, "content-type": "application/json" }, body: '{"query":"{__typename}"}' }))).toEqual([]);
    });
  });

  describe("production mode", () => {
    it("NODE_ENV=production refuses introspection with HTTP 400 GRAPHQL_VALIDATION_FAILED", async () => {
      for (const query of [INTROSPECTION, '{ __type(name: "Query") { name } }']) {
        const response = await postQuery(apps.production.url, query);
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual([{ locations: [{ line: 1, column: 3 }], message: INTROSPECTION_REFUSED, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }]);
      }
    });

    it("NODE_ENV=production hides field suggestions", async () => {
      const response = await postQuery(apps.production.url, MISSPELLED);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { locations: [{ line: 1, column: 3 }], message: 'Cannot query field "portabilty" on type "Query". [Suggestion hidden]?', extensions: { code: "GRAPHQL_VALIDATION_FAILED" } },
      ]);
      expect(JSON.stringify(response.body)).not.toContain("Did you mean");
    });

    it("outside production, suggestions are given and introspection works", async () => {
      const misspelled = await postQuery(apps.plain.url, MISSPELLED);
      expect(misspelled.body.errors![0]!.message).toBe('Cannot query field "portabilty" on type "Query". Did you mean "portability", "portabilities", or "portabilityJob"?');
      const introspection = await postQuery(apps.plain.url, INTROSPECTION);
      expect(introspection.body).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
    });

    it("NODE_ENV=production with INTROSPECTION=true allows introspection (and still hides suggestions)", async () => {
      expect((await postQuery(apps.productionIntrospection.url, INTROSPECTION)).body).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
      expect(JSON.stringify((await postQuery(apps.productionIntrospection.url, MISSPELLED)).body)).not.toContain("Did you mean");
    });

    it.each(["plain", "production"] as const)("no error answer carries a stack trace (%s)", async (name) => {
      const url = apps[name].url;
      const answers = [
        await postQuery(url, MISSPELLED),
        await postQuery(url, `query($n: String!) { portability(phoneNumber: $n) { __typename } }`, { n: 5 }),
        await postQuery(url, `{ portability(phoneNumber: "+1", targetAccountSid: "nope") { __typename } }`),
        await postQuery(url, INTROSPECTION.replace("queryType", "queryTyp")),
      ];
      for (const answer of answers) {
        expect(answer.body.errors!.length).toBeGreaterThan(0);
        for (const error of answer.body.errors!) expect(error.extensions).not.toHaveProperty("stacktrace");
        expect(JSON.stringify(answer.body)).not.toMatch(/ {4}at |\.ts:\d+|node_modules/);
      }
    });
  });

  describe("routes", () => {
    const base = () => apps.plain.url.replace(/\/graphql$/, "");
    it("GET / is a self-contained HTML page (the page at /), loading nothing from elsewhere", async () => {
      const response = await fetch(`${base()}/`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const html = await response.text();
      expect(html).toContain('href="/graphql"');
      // Its script, styles and icon are this server's own files; nothing names another origin.
      expect([...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((match) => match[1]!.replace(/\?v=[\w-]+$/, ""))).toEqual(["/favicon.ico", "/page/styles.css", "/page/main.js", "/graphql"]);
      expect(html).not.toMatch(/<img|<iframe|https?:/);
    });

    it.each(["/graphq", "/graphql/", "/admin", "/healthz/../metrics%2F", "/.env"])("GET %s is 404 NOT_FOUND as JSON", async (path) => {
      const response = await fetch(base() + path);
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
      const pathname = new URL(path, "http://localhost").pathname;
      expect(await response.json()).toEqual({ errors: [{ message: `No route for ${pathname}`, extensions: { code: "NOT_FOUND" } }] });
    });

    it("GET /healthz and /readyz are 200 JSON", async () => {
      const health = await fetch(`${base()}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok" });
      const ready = await fetch(`${base()}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: "ready", state: "memory" });
    });

    it("GET /metrics is 200 Prometheus text with the request counter", async () => {
      await postQuery(apps.plain.url, "{ __typename }");
      const metrics = await fetch(`${base()}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await metrics.text();
      expect(text).toContain("# TYPE portability_graphql_requests_total counter");
      expect(text).toMatch(/^portability_graphql_requests_total\{operation="__typename",outcome="ok"\} [1-9]\d*$/m);
    });
  });
});
