import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, runBrowserTests, screenshot, watchedPage, type Browser } from "../../helpers/browser.js";
import { portabilityBody, startStubTwilio, type StubTwilio } from "../../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../../helpers/test-app.js";

describe.runIf(runBrowserTests)("GraphiQL in headless Chromium, offline", () => {
  let stub: StubTwilio;
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    stub = await startStubTwilio();
    stub.respond((request) => ({ status: 200, body: portabilityBody(request.phoneNumber) }));
    app = await startTestApp(stub.url);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await stub?.close();
  });

  it("loads from this server alone, shows the example operations and runs one", async () => {
    // Every request leaving this server's origin is refused and remembered: the page must need none.
    const { page, foreign, problems } = await watchedPage(browser.context, new URL(app.url).origin);
    await page.goto(app.url, { waitUntil: "load" });
    // The query editor holds the operations file, and the schema was fetched (the docs know Query).
    await page.waitForSelector(".graphiql-query-editor .monaco-editor", { timeout: 30_000 });
    // Monaco lays words out with no-break spaces: compare with whitespace folded.
    const text = async (selector: string) => (await page.locator(selector).innerText()).replace(/\s+/g, " ");
    await expect.poll(() => text(".graphiql-query-editor"), { timeout: 30_000 }).toContain("fragment PortabilityResultFields");
    // The file holds several operations, so the execute button opens a menu of them (a Radix
    // trigger); click waits for the menu item, which under load can render a moment late.
    const execute = page.locator(".graphiql-execute-button");
    await expect.poll(() => execute.getAttribute("aria-haspopup"), { timeout: 30_000 }).toBe("menu");
    await execute.click();
    await page.locator("[role=menuitem]", { hasText: "CheckPortability" }).first().click({ timeout: 30_000 });
    await expect.poll(() => text(".graphiql-response"), { timeout: 30_000 }).toContain("__typename");
    await screenshot(page, "graphiql.png");
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
    const { page, streamRequests } = await watchedPage(browser.context, new URL(app.url).origin);
    await page.goto(app.url, { waitUntil: "load" });
    await page.waitForSelector(".graphiql-query-editor .monaco-editor", { timeout: 30_000 });
    const text = async (selector: string) => (await page.locator(selector).innerText()).replace(/\s+/g, " ");
    // Replace the editor's text only once it holds the operations file: on a loaded machine Monaco
    // can attach its model after the editor element appears, and keys sent before that are lost (the
    // execute button then offers the file's operations instead of running the subscription).
    await expect.poll(() => text(".graphiql-query-editor"), { timeout: 30_000 }).toContain("fragment PortabilityResultFields");
    // The file holds several operations, so the execute button is a menu; the wait below tells it apart.
    const execute = page.locator(".graphiql-execute-button");
    await expect.poll(() => execute.getAttribute("aria-haspopup"), { timeout: 30_000 }).toBe("menu");
    const subscription = `subscription Updates { portabilityJobUpdates(id: "${id}") { id status completed total } }`;
    await expect
      .poll(
        async () => {
          await page.locator(".graphiql-query-editor .monaco-editor").click();
          await page.keyboard.press("Control+A");
          await page.keyboard.press("Delete");
          // insertText, not type: Monaco would auto-close every brace typed.
          await page.keyboard.insertText(subscription);
          return text(".graphiql-query-editor");
        },
        { timeout: 30_000 },
      )
      .not.toContain("fragment PortabilityResultFields");
    // GraphiQL parses the editor's text 100 ms after the last change (debounced). Until then the
    // execute button is still the operations file's menu (a Radix trigger, aria-haspopup=menu), and
    // a click there runs nothing: wait until it is the plain button for the one operation.
    await expect.poll(() => execute.getAttribute("aria-haspopup"), { timeout: 30_000 }).toBeNull();
    await execute.click();
    await expect.poll(() => text(".graphiql-response"), { timeout: 30_000 }).toContain('"status": "COMPLETED"');
    expect(await text(".graphiql-response")).toContain(`"id": "${id}"`);
    expect(streamRequests).toEqual(["POST"]);
    await page.close();
  }, 90_000);
});
