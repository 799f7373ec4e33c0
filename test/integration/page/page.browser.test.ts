import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { portabilityBody, startStubTwilio, type StubTwilio } from "../../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../../helpers/test-app.js";
import { launchBrowser, runBrowserTests, screenshot, watchedPage, type Browser, type WatchedPage } from "../../helpers/browser.js";

// Functions given to page.evaluate run in the browser; this project type-checks without the DOM
// library, so the few browser globals they use are declared here, loosely.
declare const document: any, window: any, sessionStorage: any;

/** What the stub answers for each number; anything else is portable. */
const NOT_PORTABLE = "+14155550103";
const WITH_PIN = "+14155550102";
const UPSTREAM_FAILS = "+14155550104";
/** Twilio never answers for this one: a job holding it runs until it is cancelled. */
const HANGS = "+14155550199";

/** Ten entries, pasted one per line and comma-separated: portable, not portable, invalid, upstream error. */
const PASTED = ["+14155550101", `${WITH_PIN}, ${NOT_PORTABLE}`, UPSTREAM_FAILS, "12345", "+14155550105", "not a number", "+14155550106, +14155550107", "+14155550108"].join("\n");

/** The table as a person reads it, row by row: number, outcome, reason, next step. */
const EXPECTED_ROWS = [
  ["+14155550101", "✓ Portable", "—", "Open a port-in request"],
  [WITH_PIN, "✓ Portable", "—", "Port in with the carrier PIN and account number"],
  [NOT_PORTABLE, "✗ Not portable", "In another owner's Twilio account (22132)", "Move it between Twilio accounts"],
  [UPSTREAM_FAILS, "! Error", "Twilio unavailable", "Check again later"],
  ["12345", "✗ Not portable", "Invalid phone number (22102)", "Correct the number"],
  ["+14155550105", "✓ Portable", "—", "Open a port-in request"],
  ["not a number", "✗ Not portable", "Invalid phone number (22102)", "Correct the number"],
  ["+14155550106", "✓ Portable", "—", "Open a port-in request"],
  ["+14155550107", "✓ Portable", "—", "Open a port-in request"],
  ["+14155550108", "✓ Portable", "—", "Open a port-in request"],
];

/** Chromium logs a refused /graphql/stream as a failed resource load: expected where the test refuses it. */
const STREAM_LOAD_FAILURE = /Failed to load resource.*\/graphql\/stream/;

describe.runIf(runBrowserTests)("The page at / in headless Chromium, offline", () => {
  let stub: StubTwilio;
  let app: TestApp;
  let browser: Browser;
  let origin: string;
  beforeAll(async () => {
    stub = await startStubTwilio();
    stub.respond(({ phoneNumber }) => {
      if (phoneNumber === NOT_PORTABLE) {
        return { status: 200, body: portabilityBody(phoneNumber, { portable: false, not_portable_reason: "ALREADY_IN_TWILIO_DIFFERENT_OWNER", not_portable_reason_code: 22132 }) };
      }
      if (phoneNumber === WITH_PIN) return { status: 200, body: portabilityBody(phoneNumber, { pin_and_account_number_required: true }) };
      if (phoneNumber === HANGS) return { hang: true };
      if (phoneNumber === UPSTREAM_FAILS) return { status: 503, body: { code: 20503, message: "Service unavailable", status: 503 } };
      return { status: 200, body: portabilityBody(phoneNumber) };
    });
    // Small chunks, so a job reports progress several times before it is done.
    // A minute of upstream timeout: the hanging number stays unanswered until its job is cancelled.
    app = await startTestApp(stub.url, { JOB_CHUNK_SIZE: "3", UPSTREAM_MAX_RETRIES: "0", UPSTREAM_TIMEOUT_MS: "60000" });
    origin = new URL(app.url).origin;
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await stub?.close();
  });

  /** Paste, run with the mouse, and wait for the final status line. */
  async function runPasted(watched: WatchedPage): Promise<void> {
    const { page } = watched;
    await page.goto(`${origin}/`, { waitUntil: "load" });
    await page.getByLabel("Phone numbers").fill(PASTED);
    await page.getByRole("button", { name: "Run check" }).click();
    await page.locator("#status", { hasText: /^Done: 10 of 10 checked/ }).waitFor({ timeout: 30_000 });
    await page.locator("#results-section").waitFor({ state: "visible", timeout: 30_000 });
  }

  const tableRows = (watched: WatchedPage) =>
    watched.page.locator("#results tbody tr:visible").evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll("td")].slice(0, 4).map((td) => td.innerText.trim())));

  it("runs pasted numbers as a job, shows every result with its next step and guidance, filters, and downloads the CSV", async () => {
    const watched = await watchedPage(browser.context, origin, { viewport: { width: 1280, height: 900 } });
    const { page } = watched;
    // Every text the status line shows, as it changes (recorded in the page, read afterwards).
    await page.addInitScript(() => {
      const history: string[] = ((window as any).statusHistory = []);
      document.addEventListener("DOMContentLoaded", () => {
        const status = document.getElementById("status");
        new (window as any).MutationObserver(() => history.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
      });
    });
    await runPasted(watched);
    // Counts only ever grow, and the last word is the final one.
    const checked = ((await page.evaluate(() => window.statusHistory)) as string[]).map((text) => /(\d+) of 10 checked/.exec(text)?.[1]).filter((n) => n !== undefined).map(Number);
    expect(checked.length).toBeGreaterThan(0);
    expect(checked).toEqual([...checked].sort((a, b) => a - b));
    expect(checked.at(-1)).toBe(10);
    expect(await page.locator("#status").innerText()).toBe("Done: 10 of 10 checked · 6 portable · 3 not portable · 1 error");
    expect(await page.locator("progress").evaluate((bar: { value: number; max: number }) => [bar.value, bar.max])).toEqual([10, 10]);
    expect(await tableRows(watched)).toEqual(EXPECTED_ROWS);
    const notPortable = page.locator("#results tbody tr", { hasText: NOT_PORTABLE });
    await expect(notPortable.locator("td").nth(4).innerText()).resolves.toContain("belongs to someone else");
    const help = notPortable.getByRole("link", { name: "More about this" });
    expect(await help.evaluate((a: { target: string; rel: string; protocol: string }) => [a.target, a.rel, a.protocol])).toEqual(["_blank", "noopener noreferrer", "https:"]);
    expect(await page.locator("#results caption").innerText()).toMatch(/^Job [\w-]+: showing 10 of 10 results$/);

    // The filter, by keyboard: the radio group's arrow keys move between outcomes.
    expect(await page.locator("#filters label").allInnerTexts()).toEqual(["All (10)", "Portable (6)", "Not portable (3)", "Error (1)"]);
    await page.getByRole("radio", { name: "Not portable (3)" }).check();
    expect((await tableRows(watched)).map((row) => row[0])).toEqual([NOT_PORTABLE, "12345", "not a number"]);
    await page.keyboard.press("ArrowRight");
    expect((await tableRows(watched)).map((row) => row[0])).toEqual([UPSTREAM_FAILS]);
    expect(await page.locator("#results caption").innerText()).toMatch(/showing 1 of 10 results$/);
    await page.getByRole("radio", { name: "All (10)" }).check();
    await screenshot(page, "page-desktop.png");

    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 15_000 }), page.getByRole("button", { name: "Download CSV" }).click()]);
    const jobId = (await page.locator("#results caption").innerText()).split(" ")[1]!.replace(/:$/, "");
    expect(download.suggestedFilename()).toBe(`portability-${jobId}.csv`);
    const csv = readFileSync(await download.path()).toString("utf8").trim().split(/\r?\n/);
    expect(csv).toHaveLength(11);
    expect(csv.slice(1).map((line) => line.split(",")[0]!.replace(/^'/, ""))).toEqual(EXPECTED_ROWS.map((row) => row[0]));

    // Followed live: one subscription over POST /graphql/stream, and no polling query.
    expect(watched.streamRequests).toEqual(["POST"]);
    expect(watched.operations).toEqual(["StartJob", "JobResults"]);
    expect(await page.locator("#transport").innerText()).toBe("Live updates.");
    expect(watched.foreign).toEqual([]);
    expect(watched.problems).toEqual([]);
    await page.close();
  }, 90_000);

  it("falls back to polling, and says so, when the live stream cannot be opened", async () => {
    const watched = await watchedPage(browser.context, origin, { expected: STREAM_LOAD_FAILURE });
    const { page } = watched;
    // As a proxy that does not pass /graphql/stream would: the request fails outright.
    await page.route("**/graphql/stream", (route) => route.abort());
    await runPasted(watched);
    expect(await page.locator("#transport").innerText()).toMatch(/^Live updates unavailable, polling every second \(.+\)\.$/);
    expect(await tableRows(watched)).toEqual(EXPECTED_ROWS);
    expect(watched.streamRequests).toEqual(["POST"]);
    // The job was read by polling portabilityJob until it was final, then its results were loaded once.
    expect(watched.operations[0]).toBe("StartJob");
    expect(watched.operations.slice(1, -1).length).toBeGreaterThan(0);
    expect(new Set(watched.operations.slice(1, -1))).toEqual(new Set(["Job"]));
    expect(watched.operations.at(-1)).toBe("JobResults");
    expect(watched.foreign).toEqual([]);
    expect(watched.problems).toEqual([]);
    await page.close();
  }, 90_000);

  it("cancels a running job with the Cancel button and shows the results it has", async () => {
    const watched = await watchedPage(browser.context, origin);
    const { page } = watched;
    await page.goto(`${origin}/`, { waitUntil: "load" });
    await page.getByLabel("Phone numbers").fill(`+14155550161\n${HANGS}`);
    await page.getByRole("button", { name: "Run check" }).click();
    const cancel = page.getByRole("button", { name: "Cancel job" });
    await page.locator("#status", { hasText: /^(Queued|Running): 0 of 2 checked/ }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole("button", { name: "Run check" }).isDisabled()).toBe(true);
    await cancel.click();
    await page.locator("#status", { hasText: /^Cancelled: \d of 2 checked/ }).waitFor({ timeout: 30_000 });
    await page.locator("#results-section").waitFor({ state: "visible", timeout: 15_000 });
    expect(await cancel.isHidden()).toBe(true);
    expect(await page.getByRole("button", { name: "Run check" }).isEnabled()).toBe(true);
    expect(watched.operations).toContain("CancelJob");
    // Whatever was checked before the cancel is in the table; the number Twilio never answered is not a result.
    expect((await tableRows(watched)).map((row) => row[0])).not.toContain(HANGS);
    expect(watched.problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("reads a job of more than one results page (1,005 numbers), and lists the first 1,000", async () => {
    const watched = await watchedPage(browser.context, origin);
    const { page } = watched;
    await page.goto(`${origin}/`, { waitUntil: "load" });
    const numbers = Array.from({ length: 1005 }, (_, index) => `+1415555${String(2000 + index)}`);
    await page.getByLabel("Phone numbers").fill(numbers.join("\n"));
    await page.getByRole("button", { name: "Run check" }).click();
    await page.locator("#status", { hasText: /^Done: 1,005 of 1,005 checked · 1,005 portable/ }).waitFor({ timeout: 60_000 });
    await page.locator("#results-section").waitFor({ state: "visible", timeout: 30_000 });
    // Two pages of results (1,000 then 5), read with the first page's endCursor.
    expect(watched.operations.filter((name) => name === "JobResults")).toEqual(["JobResults", "JobResults"]);
    expect(await page.locator("#results caption").innerText()).toMatch(/^Job [\w-]+: showing 1,005 of 1,005 results \(only the first 1,000 are listed; Download CSV has them all\)$/);
    expect(await page.locator("#results tbody tr").count()).toBe(1000);
    expect(await page.locator("#results tbody tr td:first-child").last().innerText()).toBe(numbers[999]);
    expect(await page.locator("#filters label").allInnerTexts()).toEqual(["All (1,005)", "Portable (1,005)", "Not portable (0)", "Error (0)"]);
    await page.getByRole("radio", { name: "Not portable (0)" }).check();
    expect(await page.locator("#results tbody tr").count()).toBe(0);
    expect(await page.locator("#results caption").innerText()).toMatch(/showing 0 of 1,005 results$/);
    expect(watched.problems).toEqual([]);
    await page.close();
  }, 120_000);

  it("works from the keyboard alone: typed numbers, Tab to Run, Enter", async () => {
    const watched = await watchedPage(browser.context, origin);
    const { page } = watched;
    await page.goto(`${origin}/`, { waitUntil: "load" });
    // The first Tab stop is the /graphql link in the header; the next is the numbers field.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("numbers");
    await page.keyboard.type("+14155550111\n+14155550112");
    // Ctrl+Enter in the numbers field runs the check.
    await page.keyboard.press("Control+Enter");
    await page.locator("#status", { hasText: /^Done: 2 of 2 checked/ }).waitFor({ timeout: 30_000 });
    expect(await tableRows(watched)).toEqual([
      ["+14155550111", "✓ Portable", "—", "Open a port-in request"],
      ["+14155550112", "✓ Portable", "—", "Open a port-in request"],
    ]);
    // And Enter on the focused Run button (reached by Tab) runs it again.
    await page.locator("#api-key").focus();
    for (let stop = 0; stop < 2; stop += 1) await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("run");
    const before = watched.operations.filter((name) => name === "StartJob").length;
    await page.keyboard.press("Enter");
    await expect.poll(() => watched.operations.filter((name) => name === "StartJob").length, { timeout: 15_000 }).toBe(before + 1);
    await page.locator("#status", { hasText: /^Done: 2 of 2 checked/ }).waitFor({ timeout: 30_000 });
    expect(watched.problems).toEqual([]);
    await page.close();
  }, 90_000);

  it("fits a phone's width (375 px): nothing scrolls sideways, results read as cards", async () => {
    const watched = await watchedPage(browser.context, origin, { viewport: { width: 375, height: 812 } });
    const { page } = watched;
    await runPasted(watched);
    // Every element's right edge is inside the viewport.
    const overflowing = await page.evaluate(() =>
      [...document.querySelectorAll("body *")].filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5).map((element) => `${element.tagName}${element.id ? `#${element.id}` : ""} ${element.textContent?.slice(0, 30)}`),
    );
    expect(overflowing).toEqual([]);
    const widths = await page.evaluate(() => ({ document: document.documentElement.scrollWidth, body: document.body.scrollWidth, viewport: window.innerWidth }));
    expect(widths).toEqual({ document: 375, body: 375, viewport: 375 });
    expect(await page.locator("#results thead").evaluate((thead) => thead.getBoundingClientRect().height)).toBeLessThanOrEqual(1);
    await screenshot(page, "page-phone.png");
    expect(watched.foreign).toEqual([]);
    expect(watched.problems).toEqual([]);
    await page.close();
  }, 90_000);

  it("checks national numbers with the chosen default country, and says what each was checked as", async () => {
    const watched = await watchedPage(browser.context, origin);
    const { page } = watched;
    await page.goto(`${origin}/`, { waitUntil: "load" });
    const country = page.getByLabel("Default country");
    // Every country the server accepts, named by the browser, after the "none" choice.
    expect(await country.locator("option").first().innerText()).toBe("None — E.164 only");
    expect(await country.locator("option").count()).toBeGreaterThan(200);
    await country.selectOption("GB");
    expect(await country.locator("option:checked").innerText()).toBe("United Kingdom (GB)");
    await country.selectOption("US");
    await page.getByLabel("Phone numbers").fill("(415) 555-0131\n+14155550132");
    await page.getByRole("button", { name: "Run check" }).click();
    await page.locator("#status", { hasText: /^Done: 2 of 2 checked/ }).waitFor({ timeout: 30_000 });
    expect(await tableRows(watched)).toEqual([
      ["(415) 555-0131\nchecked as +14155550131", "✓ Portable", "—", "Open a port-in request"],
      ["+14155550132", "✓ Portable", "—", "Open a port-in request"],
    ]);
    expect(stub.received.map((request) => request.phoneNumber)).toEqual(expect.arrayContaining(["+14155550131", "+14155550132"]));
    expect(watched.problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("shows a refusal in words in the alert region, and reads numbers from a chosen or dropped file", async () => {
    const watched = await watchedPage(browser.context, origin);
    const { page } = watched;
    await page.goto(`${origin}/`, { waitUntil: "load" });
    await page.getByLabel("Or read them from a CSV or text file").setInputFiles({
      name: "numbers.csv",
      mimeType: "text/csv",
      buffer: Buffer.from('name,phone_number\n"Main line","+14155550121"\nFax,\'+14155550122\n'),
    });
    await expect.poll(() => page.getByLabel("Phone numbers").inputValue()).toBe("+14155550121\n+14155550122");
    expect(await page.locator("#file-note").innerText()).toBe("Read 2 numbers from numbers.csv.");
    // Dropped on the drop zone (a drop event carrying the file, as a drag from the desktop sends).
    await page.evaluate(() => {
      const transfer = new window.DataTransfer();
      transfer.items.add(new window.File(["+14155550123\r\n+14155550124\r\n"], "dropped.txt", { type: "text/plain" }));
      document.getElementById("drop-zone").dispatchEvent(new window.DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => page.locator("#file-note").innerText()).toBe("Read 2 numbers from dropped.txt.");
    expect(await page.getByLabel("Phone numbers").inputValue()).toBe("+14155550123\n+14155550124");
    await page.getByLabel("Target account SID").fill("AC-not-a-sid");
    await page.getByRole("button", { name: "Run check" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.innerText()).toBe("The server refused the request: Invalid arguments: targetAccountSid must be an account SID: AC followed by 32 hex digits");
    expect(await page.getByRole("button", { name: "Run check" }).isEnabled()).toBe(true);
    // No job was started, so there is no progress to show.
    expect(await page.locator("#progress-section").isHidden()).toBe(true);
    // An empty field is refused on the page, before anything is sent.
    await page.getByLabel("Phone numbers").fill("  \n , ");
    await page.getByRole("button", { name: "Run check" }).click();
    expect(await alert.innerText()).toBe("Enter at least one phone number, or choose a file.");
    expect(watched.operations).toEqual(["StartJob"]);
    expect(watched.problems).toEqual([]);
    await page.close();
  }, 60_000);
});
