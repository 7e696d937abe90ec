/**
 * Drills and the recovery estimate end to end in demo mode (built app,
 * in-process worker, simulator, Chromium): after a backup, Home shows the
 * full-restore estimate and links to the drills page, where "Run a drill
 * now" runs a drill over the new snapshot that passes and is listed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startDemo, type RunningDemo } from "../../scripts/demo";

const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

/** Resolves once Remix has hydrated the page (its router is installed). */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => "__remixRouter" in window);
}

let demo: RunningDemo;
let dataDir: string;
let browser: Browser | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "snapshelf-drills-ui-"));
  demo = await startDemo({ dataDir, size: "tiny", seed: 5 });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it("shows the recovery estimate on Home and runs a drill that passes", async () => {
  const page = await (await browser!.newContext({ userAgent: BROWSER_UA })).newPage();
  await page.goto(demo.demoUrl);
  await page.getByTestId("no-snapshots").waitFor();
  await hydrated(page);
  await page.getByRole("button", { name: "Back up now" }).click();
  // The estimate appears once the snapshot is committed and catalogued.
  const estimate = page.getByTestId("recovery-estimate");
  await estimate.waitFor({ timeout: 90_000 });
  // The simulator's demo shop reports its bucket, so nothing is assumed.
  expect(await estimate.textContent()).toMatch(/^A full restore of \d+ products, \d+ collections, .* would take (under a minute|about \d+ minutes?) \(at least: .*\), at this shop's rate limit of [\d,]+ points\/s\.$/);

  await hydrated(page);
  await page.getByRole("link", { name: "Restore drills" }).click();
  await page.waitForURL(/\/app\/drills/);
  await page.getByText("No drills yet").waitFor();
  await hydrated(page);
  await page.getByRole("button", { name: "Run a drill now" }).click();
  // The page re-loads while the drill runs; a passed drill lists its three steps.
  await page.getByText("Passed").waitFor({ timeout: 60_000 });
  const row = page.locator("table tbody tr").first();
  expect(await row.textContent()).toMatch(/Manual.*\d+ records \(\d+ products\).*Read back: ok · Restore inputs: ok · Admin schema: ok.*Passed/);

  // Back on Home the estimate now prices products by the drill's sample, and the drill is shown.
  await page.goto(demo.demoUrl);
  await estimate.waitFor();
  expect(await estimate.textContent()).not.toContain("at least");
  await page.getByText("Last restore drill").waitFor();
});
