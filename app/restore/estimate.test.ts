/**
 * The full-restore estimate: the pure arithmetic against the restore
 * benchmark (docs/restore.md), and its cost constant against what the
 * simulator's cost model charges a real re-create productSet.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESTORE_PRODUCT_SET } from "~/shopify/queries/restore-products";
import { loadAppAdminSchema } from "~/shopify/admin-schema.server";
import { runDrill } from "./drill/drill";
import { catalogSampleSource } from "./drill/sample";
import { drillFixture, type DrillFixture } from "./drill/test-support";
import { estimateQueryCost } from "~/shopify/cost-estimate";
import { averageShape, describeEstimate, estimateFullRestore, formatDuration, PLAN_BUCKETS, productSetCost, RESTORE_MUTATION_POINTS, secondsForPoints, shapeOfProductSetInput } from "./estimate";

describe("estimateFullRestore", () => {
  it("agrees with the restore benchmark (Standard: 1,000 products, 1,500 requests, measured 130.2 s; Plus: 7,500 requests, 56.1 s)", () => {
    // The benchmark's runs: half the products re-created (one productSet), half repaired (productSet + inventory).
    expect(secondsForPoints(1_500 * RESTORE_MUTATION_POINTS, PLAN_BUCKETS.standard)).toBe(130);
    expect(secondsForPoints(7_500 * RESTORE_MUTATION_POINTS, PLAN_BUCKETS.plus)).toBe(55);
    // A full restore re-creates every product: one productSet each.
    const standard = estimateFullRestore({ Product: 1_000 }, PLAN_BUCKETS.standard);
    expect(standard).toMatchObject({ requests: 1_000, points: 10_000, seconds: 80, assumedStandard: false });
  });

  it("counts one restore mutation per restorable record and leaves out what travels inside productSet", () => {
    const estimate = estimateFullRestore(
      { Product: 1_000, ProductVariantMetafields: 300, InventoryLevel: 4_000, Location: 2, MediaSource: 900, MediaBlob: 900, Collection: 50, Customer: 2_000, Page: 10, Order: 5_000, OrderPersonal: 5_000, Theme: 2, ThemeFile: 400 },
      { maximumAvailable: 2_000, restoreRate: 100 },
    );
    expect(estimate.types.map((t) => [t.type, t.requests])).toEqual([["Product", 1_000], ["Collection", 50], ["Customer", 2_000], ["Page", 10], ["Theme", 2]]);
    expect(estimate.points).toBe(30_620);
    expect(estimate.seconds).toBeCloseTo(286.2, 5);
    expect(estimate.excluded.map((e) => e.type)).toEqual(["Order"]);
    expect(describeEstimate(estimate)).toBe(
      "A full restore of 1,000 products, 50 collections, 2,000 customers, 10 pages and 2 themes would take about 5 minutes (at least: a restore drill measures how large the products are), at this shop's rate limit of 100 points/s.",
    );
  });

  it("assumes Standard when the shop's rate limit is unknown, and says so", () => {
    const estimate = estimateFullRestore({ Product: 5_000 }, null);
    expect(estimate).toMatchObject({ assumedStandard: true, bucket: PLAN_BUCKETS.standard, seconds: 480 });
    expect(describeEstimate(estimate)).toBe(
      "A full restore of 5,000 products would take about 8 minutes (at least: a restore drill measures how large the products are), assuming Shopify's Standard rate limit (100 points/s; this shop's was not known).",
    );
    // A reported rate without a bucket size: Shopify's buckets hold 20 s of their rate.
    expect(estimateFullRestore({ Product: 5_000 }, { restoreRate: 1_000 }).bucket).toEqual(PLAN_BUCKETS.plus);
  });

  it("prices productSet by the documented dynamic complexity (API 2025-10)", () => {
    const none = { variants: 0, variantFiles: 0, variantMetafields: 0, productMetafields: 0, productFiles: 0 };
    // The changelog's own example: 20 variants and 5 product metafields cost 16 points.
    expect(productSetCost({ ...none, variants: 20, productMetafields: 5 })).toBeCloseTo(16, 10);
    expect(productSetCost({ ...none, variants: 1 })).toBeCloseTo(10.2, 10);
    const shape = shapeOfProductSetInput({
      variants: [{ metafields: [{}, {}] }, { file: { originalSource: "x" } }, {}],
      metafields: [{}],
      files: [{}, {}],
    });
    expect(shape).toEqual({ variants: 3, variantFiles: 1, variantMetafields: 2, productMetafields: 1, productFiles: 2 });
    expect(averageShape([shape, none])).toEqual({ variants: 1.5, variantFiles: 0.5, variantMetafields: 1, productMetafields: 0.5, productFiles: 1 });
    // 1,000 products of 3 variants, 2 images and 4 metafields: 10 + 0.6 + 3.8 + 1.6 = 16 points each.
    const estimate = estimateFullRestore({ Product: 1_000 }, PLAN_BUCKETS.standard, { ...none, variants: 3, productFiles: 2, productMetafields: 4 });
    expect(estimate).toMatchObject({ productShapeKnown: true, points: 16_000, seconds: 140 });
    expect(describeEstimate(estimate)).toBe("A full restore of 1,000 products would take about 2 minutes, at this shop's rate limit of 100 points/s.");
  });

  it("formats durations the way Home shows them", () => {
    expect(formatDuration(0)).toBe("under a minute");
    expect(formatDuration(42)).toBe("under a minute");
    expect(formatDuration(82)).toBe("about 1 minute");
    expect(formatDuration(130)).toBe("about 2 minutes");
    expect(formatDuration(3 * 3600 + 1000)).toBe("about 3.5 hours");
    expect(describeEstimate(estimateFullRestore({ InventoryLevel: 5 }, null))).toBe("The newest snapshot holds nothing a restore would write.");
  });
});

describe("restore cost measured on the simulator", () => {
  let f: DrillFixture;
  beforeAll(async () => {
    f = await drillFixture();
  }, 120_000);
  afterAll(async () => {
    await f?.close();
  });

  it("a real re-create productSet costs its documented dynamic price, which the client also predicts; the client reports the shop's bucket", async () => {
    const { inputs } = await runDrill({ repository: f.repository, snapshotId: f.snapshotId, source: catalogSampleSource(f.db, f.sim.shopDomain), schema: loadAppAdminSchema, products: 1000, othersPerType: 0 });
    // The richest product: most variants, with media and collections.
    const input = [...inputs].sort((a, b) => (b.variables.input.variants as unknown[]).length - (a.variables.input.variants as unknown[]).length)[0];
    await f.client.request(`mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId } }`, { id: input.gid });
    const { data, cost } = await f.client.request<{ productSet: { product: { id: string } | null; userErrors: unknown[] } }>(RESTORE_PRODUCT_SET, input.variables);
    expect(data.productSet.userErrors).toEqual([]);
    expect(data.productSet.product?.id).toMatch(/^gid:\/\/shopify\/Product\//);
    // Shopify (2025-10+) adds per variant, metafield and file; the simulator charges that, rounded up, requested = actual.
    const shape = shapeOfProductSetInput(input.variables.input);
    expect(shape.variants).toBeGreaterThan(1);
    expect(cost?.actualQueryCost).toBe(Math.ceil(productSetCost(shape)));
    expect(cost?.requestedQueryCost).toBe(cost?.actualQueryCost);
    // The client admits the request against the bucket with the same figure, so it never under-asks.
    expect(estimateQueryCost(RESTORE_PRODUCT_SET, input.variables)).toBe(cost?.requestedQueryCost);
    expect(productSetCost(shape)).toBeCloseTo(10 + 0.2 * shape.variants + 0.6 * shape.variantFiles + 0.4 * shape.variantMetafields + 0.4 * shape.productMetafields + 1.9 * shape.productFiles, 10);
    console.log(`[estimate] representative productSet: ${JSON.stringify(shape)}, simulator ${cost?.actualQueryCost} points, documented ${productSetCost(shape).toFixed(1)} points`);

    // The fixture's shop is on Plus: the estimate uses what the client learned, not an assumption.
    const state = f.client.throttleState();
    const estimate = estimateFullRestore((await f.repository.getSnapshot(f.snapshotId)).countsPerType, state);
    expect(estimate.assumedStandard).toBe(false);
    expect(estimate.bucket).toEqual(PLAN_BUCKETS.plus);
  });
});
