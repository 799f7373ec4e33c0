import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { portabilityBody, startStubTwilio, type StubTwilio } from "../../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../../helpers/test-app.js";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
// Off CI a missing Chromium skips with a notice; under CI=true it must run (.ci/run installs it).
if (!available && process.env.CI !== "true") console.warn(`NOTICE: ${CHROMIUM} not found: the GraphiQL browser test is skipped (apt-get install -y chromium)`);

describe.runIf(available || process.env.CI === "true")("GraphiQL in headless Chromium, offline", () => {
  let stub: StubTwilio;
  let app: TestApp;
  let browser: BrowserContext;
  let profile: string;
  beforeAll(async () => {
    stub = await startStubTwilio();
    stub.respond((request) => ({ status: 200, body: portabilityBody(request.phoneNumber) }));
    app = await startTestApp(stub.url);
    profile = mkdtempSync(join(tmpdir(), "graphiql-chromium-"));
    // A fresh profile each run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await stub?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  it("loads from this server alone, shows the example operations and runs one", async () => {
    const page = await browser.newPage();
    const origin = new URL(app.url).origin;
    const foreign: string[] = [];
    const problems: string[] = [];
    // Every request leaving this server's origin is refused and remembered: the page must need none.
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    await page.goto(app.url, { waitUntil: "load" });
    // The query editor holds the operations file, and the schema was fetched (the docs know Query).
    await page.waitForSelector(".graphiql-query-editor .monaco-editor", { timeout: 30_000 });
    // Monaco lays words out with no-break spaces: compare with whitespace folded.
    const text = async (selector: string) => (await page.locator(selector).innerText()).replace(/\s+/g, " ");
    await expect.poll(() => text(".graphiql-query-editor"), { timeout: 30_000 }).toContain("fragment PortabilityResultFields");
    await page.locator(".graphiql-execute-button").click();
    const menu = page.locator("[role=menuitem]", { hasText: "CheckPortability" }).first();
    if (await menu.isVisible().catch(() => false)) await menu.click();
    await expect.poll(() => text(".graphiql-response"), { timeout: 30_000 }).toContain("__typename");
    await page.screenshot({ path: join(tmpdir(), "graphiql-browser-test.png") });
    expect(stub.received.length).toBeGreaterThan(0);
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it("runs a subscription over the SSE endpoint and shows the job's events", async () => {
    const started = await fetch(app.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: 'mutation { startPortabilityJob(input: { phoneNumbers: ["+14155550100", "+14155550101"] }) { id } }' }),
    }).then((response) => response.json() as Promise<{ data: { startPortabilityJob: { id: string } } }>);
    const id = started.data.startPortabilityJob.id;
    const page = await browser.newPage();
    const streams: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/graphql/stream") streams.push(request.method());
    });
    await page.goto(app.url, { waitUntil: "load" });
    await page.waitForSelector(".graphiql-query-editor .monaco-editor", { timeout: 30_000 });
    await page.locator(".graphiql-query-editor .monaco-editor").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    // insertText, not type: Monaco would auto-close every brace typed.
    await page.keyboard.insertText(`subscription Updates { portabilityJobUpdates(id: "${id}") { id status completed total } }`);
    await page.locator(".graphiql-execute-button").click();
    const text = async (selector: string) => (await page.locator(selector).innerText()).replace(/\s+/g, " ");
    await expect.poll(() => text(".graphiql-response"), { timeout: 30_000 }).toContain('"status": "COMPLETED"');
    expect(await text(".graphiql-response")).toContain(`"id": "${id}"`);
    expect(streams).toEqual(["POST"]);
    await page.close();
  }, 90_000);
});
