/**
 * The backup UI end to end in demo mode: "Back up now" on Home enqueues a
 * full snapshot that the in-process worker runs against the simulator; the
 * snapshot list and detail pages show it, search the catalog, and show one
 * record's JSON and history.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { hydrated, startBrowserDemo, type BrowserDemo } from "./browser-support";

let ui: BrowserDemo;
// Each test sets its own timeout: the waits inside it (a full snapshot on a
// loaded two-core CI machine) add up past the 60 s default.

beforeAll(async () => {
  ui = await startBrowserDemo({ name: "backup-ui", seed: 4 });
});

afterAll(async () => {
  await ui?.close();
});

it("backs up on demand and browses the snapshot", async () => {
  const page = await ui.page();
  await page.goto(ui.demo.demoUrl);
  await page.getByTestId("no-snapshots").waitFor();
  // Embedded navigation needs the client app (session tokens); a click before hydration would be a bare page load.
  await hydrated(page);
  await page.getByRole("button", { name: "Back up now" }).click();
  // The page re-loads its data while the job runs; the snapshot link appears once it is committed.
  await page.getByRole("link", { name: "View snapshots" }).waitFor({ timeout: 60_000 });
  await page.getByRole("link", { name: "View snapshots" }).click();
  await page.waitForURL(/\/app\/snapshots/);
  const row = page.locator("table a").first();
  await row.waitFor();
  await row.click();
  await page.waitForURL(/\/app\/snapshots\/[0-9TZ]+-[0-9a-f]+/);
  await page.getByText("ThemeFile").first().waitFor();

  await hydrated(page);
  await page.locator('select[name="type"]').selectOption("Product");
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(/type=Product/);
  // The URL changes before the new rows arrive: wait until the listed records are products.
  await expect.poll(async () => (await page.locator("tr", { has: page.locator("a") }).first().textContent()) ?? "", { timeout: 30_000 }).toMatch(/^Product/);
  const first = page.locator("table a").first();
  const title = (await first.textContent())!;
  await page.locator('input[name="q"]').fill(title.slice(0, 6));
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(/q=/);
  await hydrated(page);
  await page.getByRole("link", { name: title }).first().click({ timeout: 60_000 });
  await page.getByText("History").waitFor();
  const json = await page.locator("pre").textContent();
  expect(JSON.parse(json!)).toMatchObject({ title });

  // The orders export downloads as a file, one row per line item.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByText("Export orders (CSV)").click()]);
  const csv = await new Promise<string>((resolve, reject) => {
    void download.createReadStream().then((stream) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      stream.on("error", reject);
    });
  });
  const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toMatch(/^Name,/);
  expect(lines.length).toBeGreaterThan(1);
}, 180_000);

it("restores a damaged collection from its snapshot page, previewed field by field, then undoes it", async () => {
  const page = await ui.page();
  const { collections } = await ui.gql<{ collections: { nodes: { id: string; title: string }[] } }>(`query { collections(first: 1) { nodes { id title } } }`);
  const collection = collections.nodes[0];
  await ui.gql(`mutation($input: CollectionInput!) { collectionUpdate(input: $input) { userErrors { message } } }`, { input: { id: collection.id, title: "Broken title" } });

  await page.goto(ui.demo.demoUrl);
  await hydrated(page);
  await page.getByRole("link", { name: "View snapshots" }).click();
  await page.waitForURL(/\/app\/snapshots/);
  // The oldest snapshot is the full backup from before the damage (the damage's webhook may already have made a newer one).
  await page.locator("table a").last().click();
  await page.waitForURL(/\/app\/snapshots\/[0-9TZ]+-[0-9a-f]+/);
  await hydrated(page);
  await page.locator('select[name="type"]').selectOption("Collection");
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(/type=Collection/);
  await hydrated(page);
  await page.getByRole("link", { name: collection.title }).first().click();
  await page.getByRole("link", { name: "Restore this record…" }).click();
  await page.waitForURL(/\/app\/restore\/new/);
  // The preview names the field, the live value and the snapshot value.
  const row = page.locator("tr", { hasText: "Broken title" });
  await row.waitFor();
  expect(await row.textContent()).toContain(collection.title);
  await hydrated(page);
  await page.getByRole("button", { name: "Restore" }).click();
  await page.waitForURL(/\/app\/restore\/(?!new)[^/?]+/);
  await page.getByText("1 restored").waitFor({ timeout: 60_000 });
  const after = await ui.gql<{ collection: { title: string } }>(`query($id: ID!) { collection(id: $id) { title } }`, { id: collection.id });
  expect(after.collection.title).toBe(collection.title);

  await hydrated(page);
  await page.getByRole("button", { name: "Undo this restore" }).click();
  await page.waitForURL(/\/app\/restore\/(?!new)[^/?]+/);
  await page.getByText("1 restored").waitFor({ timeout: 60_000 });
  await expect.poll(async () => (await ui.gql<{ collection: { title: string } }>(`query($id: ID!) { collection(id: $id) { title } }`, { id: collection.id })).collection.title, { timeout: 30_000 }).toBe("Broken title");
}, 180_000);

it("undoes every product changed since a moment: the webhook's incremental snapshot shows the change, the preview lists it, the restore puts it back", async () => {
  const page = await ui.page({ timezoneId: "America/New_York" });
  await page.goto(ui.demo.demoUrl);
  await hydrated(page);
  await page.getByRole("link", { name: "View snapshots" }).click();
  await page.waitForURL(/\/app\/snapshots/);
  const moment = new Date();
  await new Promise((r) => setTimeout(r, 1100));
  const { products } = await ui.gql<{ products: { nodes: { id: string; title: string }[] } }>(`query { products(first: 1, sortKey: ID) { nodes { id title } } }`);
  const product = products.nodes[0];
  await ui.gql(`mutation($p: ProductSetInput!, $id: ProductSetIdentifiers) { productSet(identifier: $id, input: $p) { userErrors { message } } }`, { id: { id: product.id }, p: { title: "Changed after the moment" } });

  await hydrated(page);
  // The browser's clock is New York's: the field takes local time, the server gets the instant.
  const local = new Date(moment.getTime() - 5 * 3600_000 - (isDst(moment) ? -3600_000 : 0)).toISOString().slice(0, 19);
  await page.getByLabel("Changed since").fill(local);
  await page.getByRole("button", { name: "Preview" }).click();
  await page.waitForURL(/\/app\/restore\/new\?.*since=/);
  // The products/update webhook becomes an incremental snapshot a moment later; until then the preview has nothing to undo.
  await expect.poll(async () => {
    await page.reload();
    await page.getByText("Restore preview").first().waitFor();
    return page.locator("tr", { hasText: "Changed after the moment" }).count();
  }, { timeout: 90_000, interval: 2000 }).toBeGreaterThan(0);
  await hydrated(page);
  await page.getByRole("button", { name: "Restore" }).click();
  await page.waitForURL(/\/app\/restore\/(?!new)[^/?]+/);
  await page.getByText(/[1-9]\d* restored/).waitFor({ timeout: 60_000 });
  const after = await ui.gql<{ product: { title: string } }>(`query($id: ID!) { product(id: $id) { title } }`, { id: product.id });
  expect(after.product.title).toBe(product.title);
}, 180_000);

/** Whether New York observes daylight saving time at `d` (second Sunday of March to first Sunday of November). */
function isDst(d: Date): boolean {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", timeZoneName: "short" }).formatToParts(d);
  return parts.find((p) => p.type === "timeZoneName")?.value === "EDT";
}
