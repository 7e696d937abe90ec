/** Home's recovery-time estimate: the newest snapshot's counts, the bucket the Admin API reported, and the newest drill's product shape. */
import { describe, expect, it } from "vitest";
import { loadHome } from "./home.server";
import { useMigratedSqlite } from "../../test/support/sqlite";

const sqlite = useMigratedSqlite("home");

/** The Admin API's answer to the home query, with or without the cost extension. */
const admin = (throttleStatus?: object) => ({
  graphql: async () =>
    Response.json({
      data: { shop: { name: "Shop", myshopifyDomain: "home.myshopify.com" }, productsCount: { count: 1000, precision: "EXACT" }, customersCount: { count: 0, precision: "EXACT" } },
      ...(throttleStatus ? { extensions: { cost: { requestedQueryCost: 2, actualQueryCost: 2, throttleStatus } } } : {}),
    }),
});

describe("loadHome recovery estimate", () => {
  const shop = "home.myshopify.com";

  it("has none before the first snapshot", async () => {
    const home = await loadHome(admin({ maximumAvailable: 2000, currentlyAvailable: 1998, restoreRate: 100 }), sqlite.db, shop);
    expect(home.recovery).toBeNull();
    expect(home.lastDrill).toBeNull();
  });

  it("estimates from the newest snapshot's counts at the shop's reported rate", async () => {
    await sqlite.db.snapshotCatalog.create({ data: { id: "0001", shop, takenAt: new Date("2026-11-20T00:00:00Z"), kind: "full", summary: { countsPerType: { Product: 10 } } } });
    await sqlite.db.snapshotCatalog.create({
      data: { id: "0002", shop, takenAt: new Date("2026-11-26T00:00:00Z"), kind: "full", summary: { countsPerType: { Product: 1000, Collection: 20, InventoryLevel: 3000, Order: 50 } } },
    });
    const standard = await loadHome(admin({ maximumAvailable: 2000, currentlyAvailable: 1998, restoreRate: 100 }), sqlite.db, shop);
    // (1,020 × 10 − 2,000) / 100 = 82 s: the benchmark's arithmetic (docs/restore.md).
    expect(standard.recovery).toMatchObject({ snapshotId: "0002", seconds: 82, assumedStandard: false, productShapeKnown: false });
    expect(standard.recovery?.text).toBe(
      "A full restore of 1,000 products and 20 collections would take about 1 minute (at least: a restore drill measures how large the products are), at this shop's rate limit of 100 points/s.",
    );
    const plus = await loadHome(admin({ maximumAvailable: 20000, currentlyAvailable: 19998, restoreRate: 1000 }), sqlite.db, shop);
    expect(plus.recovery?.seconds).toBe(0);
    const unknown = await loadHome(admin(), sqlite.db, shop);
    expect(unknown.recovery).toMatchObject({ seconds: 82, assumedStandard: true });
    expect(unknown.recovery?.text).toMatch(/assuming Shopify's Standard rate limit \(100 points\/s; this shop's was not known\)\.$/);
  });

  it("prices products by the newest drill's sampled inputs, and shows that drill", async () => {
    await sqlite.db.restoreDrill.create({
      data: {
        shop,
        trigger: "schedule",
        startedAt: new Date("2026-11-26T01:00:00Z"),
        finishedAt: new Date("2026-11-26T01:00:05Z"),
        snapshotId: "0002",
        sampleSize: 40,
        outcome: "ok",
        problems: [],
        summary: { productShape: { variants: 3, variantFiles: 0, variantMetafields: 0, productMetafields: 4, productFiles: 2 } },
      },
    });
    const home = await loadHome(admin({ maximumAvailable: 2000, currentlyAvailable: 1998, restoreRate: 100 }), sqlite.db, shop);
    // Products at 10 + 0.6 + 1.6 + 3.8 = 16 points: (16,000 + 200 − 2,000) / 100 = 142 s.
    expect(home.recovery).toMatchObject({ seconds: 142, productShapeKnown: true });
    expect(home.recovery?.text).toBe("A full restore of 1,000 products and 20 collections would take about 2 minutes, at this shop's rate limit of 100 points/s.");
    expect(home.lastDrill).toEqual({ outcome: "ok", startedAt: "2026-11-26T01:00:00.000Z", problems: 0 });
  });
});
