/** What the browser tests share: a demo app + simulator in a temp folder, Debian's Chromium, and a few page helpers. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { startDemo, type RunningDemo } from "../../scripts/demo";

/** The library's bot filter answers 410 to clients without a browser User-Agent. */
export const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

/** Resolves once Remix has hydrated the page (its router is installed): embedded navigation needs the client app. */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => "__remixRouter" in window);
}

export interface BrowserDemo {
  demo: RunningDemo;
  /** The demo's data folder (SQLite file, repository, master key). */
  dataDir: string;
  browser: Browser;
  /** A new page in a fresh context with a browser User-Agent (and optionally a time zone). */
  page(options?: { timezoneId?: string }): Promise<Page>;
  /** A GraphQL request straight to the simulator (what a merchant or another app does in the admin meanwhile). */
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export async function startBrowserDemo(options: { name: string; seed: number; redis?: { url: string; prefix: string } }): Promise<BrowserDemo> {
  const dataDir = mkdtempSync(join(tmpdir(), `snapshelf-${options.name}-`));
  const demo = await startDemo({ dataDir, size: "tiny", seed: options.seed, redis: options.redis });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  return {
    demo,
    dataDir,
    browser,
    page: async (o = {}) => (await browser.newContext({ userAgent: BROWSER_UA, ...o })).newPage(),
    async gql<T>(query: string, variables?: Record<string, unknown>) {
      const sim = demo.simulator;
      const response = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": sim.accessToken() },
        body: JSON.stringify({ query, variables }),
      });
      return ((await response.json()) as { data: T }).data;
    },
    async close() {
      await browser.close();
      await demo.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
