/**
 * Drills and the recovery estimate end to end in demo mode (built app,
 * in-process worker, simulator, Chromium): after a backup, Home shows the
 * full-restore estimate and links to the drills page, where "Run a drill
 * now" runs a drill over the new snapshot that passes and is listed.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { hydrated, startBrowserDemo, type BrowserDemo } from "./browser-support";

let ui: BrowserDemo;
// Each test sets its own timeout: the waits inside it (a full snapshot on a
// loaded two-core CI machine) add up past the 60 s default.

beforeAll(async () => {
  ui = await startBrowserDemo({ name: "drills-ui", seed: 5 });
});

afterAll(async () => {
  await ui?.close();
});

it("shows the recovery estimate on Home and runs a drill that passes", async () => {
  const page = await ui.page();
  await page.goto(ui.demo.demoUrl);
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
  await page.goto(ui.demo.demoUrl);
  await estimate.waitFor();
  expect(await estimate.textContent()).not.toContain("at least");
  await page.getByText("Last restore drill").waitFor();
}, 180_000);
