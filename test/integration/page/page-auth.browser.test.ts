import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeKeysFile, type KeysFile } from "../../security/helpers/security-helpers.js";
import { startStubTwilio, type StubTwilio } from "../../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../../helpers/test-app.js";
import { launchBrowser, runBrowserTests, watchedPage, type Browser } from "../../helpers/browser.js";

// Functions given to page.evaluate run in the browser; this project type-checks without the DOM
// library, so the few browser globals they use are declared here, loosely.
declare const document: any, window: any, sessionStorage: any;

const SECRET = "s3cret-page-key";
const LIMITED_SECRET = "s3cret-limited-key";
/** Chromium logs every refused load (401, 429, the missing /graphql/stream) as a console error: those are the point here. */
const REFUSED_LOADS = /Failed to load resource: the server responded with a status of (401|404|429)/;

describe.runIf(runBrowserTests)("The page at / with API keys (API_KEYS_FILE), in headless Chromium", () => {
  let stub: StubTwilio;
  let app: TestApp;
  let keys: KeysFile;
  let browser: Browser;
  let origin: string;
  beforeAll(async () => {
    stub = await startStubTwilio();
    keys = writeKeysFile([
      { id: "page", secret: SECRET, targets: "*" },
      { id: "limited", secret: LIMITED_SECRET, targets: "*", limits: { requestsPerMinute: 1 } },
    ]);
    app = await startTestApp(stub.url, { API_KEYS_FILE: keys.path });
    origin = new URL(app.url).origin;
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await stub?.close();
    keys?.remove();
  });

  it("asks for a key in words, then sends the typed key in the Authorization header only, for the job and the CSV", async () => {
    const watched = await watchedPage(browser.context, origin, { expected: REFUSED_LOADS });
    const { page } = watched;
    const sent: { url: string; authorization: string | undefined }[] = [];
    page.on("request", (request) => sent.push({ url: request.url(), authorization: request.headers().authorization }));
    await page.goto(`${origin}/`, { waitUntil: "load" });
    expect(await page.getByLabel("API key").getAttribute("type")).toBe("password");
    await page.getByLabel("Phone numbers").fill("+14155550141, +14155550142");
    await page.getByRole("button", { name: "Run check" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.innerText()).toBe('This server needs a valid API key: enter yours in "API key" and run again. (Missing or unknown API key: send Authorization: Bearer <key>)');

    await page.getByLabel("API key").fill(SECRET);
    await page.getByRole("button", { name: "Run check" }).click();
    await page.locator("#status", { hasText: /^Done: 2 of 2 checked/ }).waitFor({ timeout: 30_000 });
    expect(await alert.isHidden()).toBe(true);
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 15_000 }), page.getByRole("button", { name: "Download CSV" }).click()]);
    expect(readFileSync(await download.path()).toString("utf8").trim().split(/\r?\n/)).toHaveLength(3);

    // After the first (keyless) StartJob, every request to the API carried the key, and no URL ever held it.
    const api = sent.filter(({ url }) => /\/(graphql|jobs)\b/.test(new URL(url).pathname));
    expect(api.slice(1).map(({ authorization }) => authorization)).toEqual(api.slice(1).map(() => `Bearer ${SECRET}`));
    expect(api.some(({ url }) => url.includes("/results.csv"))).toBe(true);
    expect(sent.filter(({ url }) => url.includes(SECRET))).toEqual([]);
    expect(page.url()).not.toContain(SECRET);
    // Not kept anywhere unless asked: sessionStorage is empty, and a reload forgets the key.
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.reload({ waitUntil: "load" });
    expect(await page.getByLabel("API key").inputValue()).toBe("");
    expect(watched.foreign).toEqual([]);
    expect(watched.problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("keeps the key in sessionStorage only while 'Keep the key for this tab' is ticked", async () => {
    const watched = await watchedPage(browser.context, origin);
    const { page } = watched;
    await page.goto(`${origin}/`, { waitUntil: "load" });
    await page.getByLabel("API key").fill(SECRET);
    await page.getByLabel("Keep the key for this tab").check();
    await page.reload({ waitUntil: "load" });
    expect(await page.getByLabel("API key").inputValue()).toBe(SECRET);
    expect(await page.getByLabel("Keep the key for this tab").isChecked()).toBe(true);
    await page.getByLabel("Keep the key for this tab").uncheck();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(watched.problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("says when a rate-limited caller may try again (429, Retry-After)", async () => {
    const watched = await watchedPage(browser.context, origin, { expected: REFUSED_LOADS });
    const { page } = watched;
    await page.goto(`${origin}/`, { waitUntil: "load" });
    await page.getByLabel("API key").fill(LIMITED_SECRET);
    await page.getByLabel("Phone numbers").fill("+14155550151");
    // One request a minute: the job starts, and the next request (following it) is refused.
    await page.getByRole("button", { name: "Run check" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.innerText()).toMatch(/^Too many requests: try again in \d+ seconds?\. \(.+\)$/);
    expect(await page.getByRole("button", { name: "Run check" }).isEnabled()).toBe(true);
    expect(watched.problems).toEqual([]);
    await page.close();
  }, 60_000);
});
