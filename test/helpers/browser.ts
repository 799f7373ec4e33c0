import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/**
 * Headless Chromium for the browser tests (the page at /, GraphiQL): Debian's, never a downloaded one,
 * a fresh profile, no background traffic; and a page that refuses and remembers every request
 * leaving the server.
 */
export const CHROMIUM = "/usr/bin/chromium";
export const chromiumAvailable = existsSync(CHROMIUM);
// Off CI a missing Chromium skips with a notice; under CI=true it must run (.ci/run installs it).
export const runBrowserTests = chromiumAvailable || process.env.CI === "true";
if (!chromiumAvailable && process.env.CI !== "true") console.warn(`NOTICE: ${CHROMIUM} not found: the browser tests are skipped (apt-get install -y chromium)`);

export const ARTIFACTS = new URL("../../test-artifacts/", import.meta.url);

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "test-chromium-"));
  // A fresh profile each run (playwright passes it as --user-data-dir).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
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
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface WatchedPage {
  readonly page: Page;
  /** Requests to any other origin (each one refused). */
  readonly foreign: string[];
  /** Page errors and console errors, minus those `expected` allows. */
  readonly problems: string[];
  /** The GraphQL operation names POSTed to /graphql, in order, and the requests to /graphql/stream. */
  readonly operations: string[];
  readonly streamRequests: string[];
}

/** A new tab on `origin`, every off-origin request refused, errors and the page's own requests recorded. */
export async function watchedPage(context: BrowserContext, origin: string, options: { viewport?: { width: number; height: number }; expected?: RegExp } = {}): Promise<WatchedPage> {
  const page = await context.newPage();
  if (options.viewport !== undefined) await page.setViewportSize(options.viewport);
  const watched: WatchedPage = { page, foreign: [], problems: [], operations: [], streamRequests: [] };
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith("data:") || url.startsWith("blob:")) return route.fallback();
    watched.foreign.push(url);
    return route.abort();
  });
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (pathname === "/graphql/stream") watched.streamRequests.push(request.method());
    if (pathname === "/graphql" && request.method() === "POST") {
      const name = /^\s*(?:query|mutation|subscription)\s+(\w+)/.exec(String(request.postDataJSON()?.query ?? ""))?.[1];
      watched.operations.push(name ?? "anonymous");
    }
  });
  page.on("pageerror", (error) => watched.problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = `${message.text()} ${message.location().url}`;
    if (options.expected?.test(text)) return;
    watched.problems.push(`console: ${text}`);
  });
  return watched;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: new URL(name, ARTIFACTS).pathname, fullPage: true });
}
