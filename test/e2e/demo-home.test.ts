/**
 * End to end through the real library code paths: the demo signs in with a
 * session token, the app exchanges it at the simulator, reads the shop from
 * the Admin API and renders the Polaris home page; the settings form saves;
 * simulator webhooks pass HMAC verification and tampered ones get 401.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemo, type RunningDemo } from "../../scripts/demo";

// The library answers bots (curl, headless browsers) with 410, as Shopify's does.
const BROWSER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

let demo: RunningDemo;
let dataDir: string;
let browser: Browser | undefined;
let shopName: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "snapshelf-demo-"));
  demo = await startDemo({ dataDir, size: "tiny", seed: 1 });
  const response = await fetch(`${demo.simulator.url}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Access-Token": demo.simulator.accessToken(),
    },
    body: JSON.stringify({ query: "{ shop { name } }" }),
  });
  shopName = ((await response.json()) as { data: { shop: { name: string } } }).data.shop.name;
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("demo mode", () => {
  it("serves the app home for the demo shop at /demo", async () => {
    const response = await fetch(demo.demoUrl, { headers: { "User-Agent": BROWSER_UA } });
    expect(response.status).toBe(200);
    expect(new URL(response.url).pathname).toBe("/app");
    const html = await response.text();
    expect(html).toContain(shopName);
    expect(html).toContain("No snapshots yet");
  });

  it("renders the Polaris home page in a browser and saves settings across a reload", async () => {
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    const page = await (await browser.newContext({ userAgent: BROWSER_UA })).newPage();
    await page.goto(demo.demoUrl);
    await expect.poll(() => page.locator(".Polaris-Page").count()).toBeGreaterThan(0);
    await page.getByText(shopName, { exact: true }).waitFor();
    await page.getByTestId("no-snapshots").waitFor();

    await page.getByRole("link", { name: "Backup settings" }).click();
    await page.waitForURL(/\/app\/settings/);
    await page.locator('select[name="frequency"]').selectOption("weekly");
    await page.locator('input[name="daily"]').fill("14");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Settings saved").waitFor();

    await page.reload();
    await page.locator('select[name="frequency"]').waitFor();
    expect(await page.locator('select[name="frequency"]').inputValue()).toBe("weekly");
    expect(await page.locator('input[name="daily"]').inputValue()).toBe("14");
  });

  it("accepts signed compliance webhooks from the simulator and refuses tampered ones", async () => {
    const status = await demo.simulator.deliverCompliance("customers/redact", {
      shop_domain: demo.simulator.shopDomain,
      customer: { id: 42, email: "someone@example.com" },
      orders_to_redact: [7],
    });
    expect(status).toBe(200);
    const db = new Database(join(dataDir, "snapshelf.sqlite"), { readonly: true });
    const rows = db
      .prepare(`SELECT action, details FROM "AuditLog" WHERE action LIKE 'compliance.%'`)
      .all() as {
      action: string;
      details: string;
    }[];
    db.close();
    expect(rows.map((r) => r.action)).toEqual(["compliance.customers_redact"]);
    expect(JSON.parse(rows[0].details)).toMatchObject({ customerId: 42, ordersRequested: [7] });

    const tampered = await fetch(`${demo.app.url}/webhooks/compliance`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": "customers/redact",
        "X-Shopify-Shop-Domain": demo.simulator.shopDomain,
        "X-Shopify-API-Version": "2026-10",
        "X-Shopify-Webhook-Id": "tampered-1",
        "X-Shopify-Hmac-Sha256": "bm90IHRoZSByZWFsIHNpZ25hdHVyZQ==",
      },
      body: JSON.stringify({ shop_domain: demo.simulator.shopDomain, customer: { id: 43 } }),
    });
    expect(tampered.status).toBe(401);
  });
});
