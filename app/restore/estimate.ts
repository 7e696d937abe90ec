/**
 * How long a full restore of a snapshot would take: every restorable record
 * re-created through its restore mutation, paced by the shop's leaky bucket.
 *
 * Cost per record: a mutation costs 10 points (shopify.dev "GraphQL Admin
 * API rate limits"). productSet, since API 2025-10, costs 10 + 0.2 per
 * variant + 0.6 per variant file + 0.4 per variant metafield + 0.4 per
 * product metafield + 1.9 per product file (shopify.dev changelog "Dynamic
 * complexity cost for productSet mutation", 2025-10-01; app/shopify/mutation-cost.ts).
 * The simulator charges the same (rounded up); estimate.test.ts measures it
 * on a real re-create productSet.
 * A re-created product is one productSet: its variants, their metafields,
 * stock at creation (inventoryQuantities), custom-collection membership and
 * media travel in that one call (docs/restore.md "Steps"). The per-product
 * shape (variants, metafields, files) comes from the newest drill's sample,
 * whose inputs are exactly what a restore sends; without one the estimate
 * uses the base cost and says it is a lower bound.
 *
 * Time: from a full bucket, the first `maximumAvailable` points are free and
 * the rest drain at `restoreRate` points/s, which is how the restore
 * benchmark's `theoretical_min_s` is computed (1,500 productSet/inventory
 * requests on Standard: (15,000 − 2,000) / 100 = 130 s; measured 130.2 s).
 * It is a floor: Shopify's own processing time is not in it. The re-create
 * guard's lookup (is the handle free?) finds nothing on a full restore, and a
 * null answer costs nothing once the actual cost is refunded, so it is left out.
 */
import { MUTATION_FIELD_COST, productSetCost, type ProductShape } from "~/shopify/mutation-cost";

/** Points one restore mutation costs (flat; productSet's base). */
export const RESTORE_MUTATION_POINTS = MUTATION_FIELD_COST;

export { PRODUCT_SET_COST, productSetCost, shapeOfProductSetInput, type ProductShape } from "~/shopify/mutation-cost";

/** Average shape of several inputs (what a drill's sample says about the shop's products). */
export function averageShape(shapes: ProductShape[]): ProductShape | null {
  if (shapes.length === 0) return null;
  const keys = ["variants", "variantFiles", "variantMetafields", "productMetafields", "productFiles"] as const;
  return Object.fromEntries(keys.map((k) => [k, shapes.reduce((sum, s) => sum + s[k], 0) / shapes.length])) as unknown as ProductShape;
}

/** Requests a full restore sends per record of each type, and which mutation. */
export const RESTORE_PATHS: Record<string, { mutation: string; perRecord: number }> = {
  Product: { mutation: "productSet", perRecord: 1 },
  Collection: { mutation: "collectionCreate", perRecord: 1 },
  Customer: { mutation: "customerSet", perRecord: 1 },
  Page: { mutation: "pageCreate", perRecord: 1 },
  Blog: { mutation: "blogCreate", perRecord: 1 },
  Article: { mutation: "articleCreate", perRecord: 1 },
  UrlRedirect: { mutation: "urlRedirectCreate", perRecord: 1 },
  Menu: { mutation: "menuCreate", perRecord: 1 },
  MetaobjectDefinition: { mutation: "metaobjectDefinitionCreate", perRecord: 1 },
  Metaobject: { mutation: "metaobjectCreate", perRecord: 1 },
  MetafieldDefinition: { mutation: "metafieldDefinitionCreate", perRecord: 1 },
  // A theme comes back whole as a new unpublished theme from its zip: one call, files included.
  Theme: { mutation: "themeCreate", perRecord: 1 },
};

/** Types a full restore leaves out, and why (shown beside the estimate). */
export const NOT_RESTORED: Record<string, string> = {
  Order: "orders are kept for history and export; re-creating them is optional and separate",
};

/** Shopify's leaky bucket per plan (points, points/s); the bucket holds 20 s of its restore rate. */
export const PLAN_BUCKETS = {
  standard: { maximumAvailable: 2_000, restoreRate: 100 },
  advanced: { maximumAvailable: 4_000, restoreRate: 200 },
  plus: { maximumAvailable: 20_000, restoreRate: 1_000 },
  enterprise: { maximumAvailable: 40_000, restoreRate: 2_000 },
} as const;

export interface BucketInfo {
  maximumAvailable: number;
  restoreRate: number;
}

export interface RestoreEstimate {
  /** Points per product; `productShapeKnown` false: productSet's base cost only (a lower bound). */
  productPoints: number;
  productShapeKnown: boolean;
  /** Per restorable type present: records, requests and points. */
  types: { type: string; records: number; requests: number; points: number }[];
  excluded: { type: string; records: number; reason: string }[];
  requests: number;
  points: number;
  bucket: BucketInfo;
  /** True when the shop's bucket was not known and Standard was assumed. */
  assumedStandard: boolean;
  seconds: number;
}

/** Seconds to spend `points` starting from a full `bucket`. */
export function secondsForPoints(points: number, bucket: BucketInfo): number {
  return Math.max(0, points - bucket.maximumAvailable) / bucket.restoreRate;
}

/** Estimates a full restore of a snapshot with these record counts per type. */
export function estimateFullRestore(countsPerType: Record<string, number>, bucket?: Partial<BucketInfo> | null, productShape?: ProductShape | null): RestoreEstimate {
  const known = Boolean(bucket?.restoreRate && bucket.restoreRate > 0);
  const rate = known ? (bucket?.restoreRate as number) : PLAN_BUCKETS.standard.restoreRate;
  const size = known && bucket?.maximumAvailable ? bucket.maximumAvailable : known ? rate * 20 : PLAN_BUCKETS.standard.maximumAvailable;
  const productPoints = productShape ? productSetCost(productShape) : RESTORE_MUTATION_POINTS;
  const types: RestoreEstimate["types"] = [];
  const excluded: RestoreEstimate["excluded"] = [];
  for (const [type, records] of Object.entries(countsPerType)) {
    if (!(records > 0)) continue;
    const path = RESTORE_PATHS[type];
    if (path) {
      const requests = records * path.perRecord;
      types.push({ type, records, requests, points: Math.round(requests * (type === "Product" ? productPoints : RESTORE_MUTATION_POINTS)) });
    } else if (NOT_RESTORED[type]) excluded.push({ type, records, reason: NOT_RESTORED[type] });
  }
  const order = Object.keys(RESTORE_PATHS);
  types.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  const requests = types.reduce((sum, t) => sum + t.requests, 0);
  const points = types.reduce((sum, t) => sum + t.points, 0);
  const resolved = { maximumAvailable: size, restoreRate: rate };
  return { productPoints, productShapeKnown: Boolean(productShape), types, excluded, requests, points, bucket: resolved, assumedStandard: !known, seconds: secondsForPoints(points, resolved) };
}

/**
 * "under a minute", "about 7 minutes", "about 3.5 hours". Nothing finer than
 * a minute: the figure is the rate limit's floor, and Shopify's own time per
 * request (not modelled) dominates when the bucket absorbs most of a restore.
 */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return "under a minute";
  if (seconds < 90 * 60) {
    const minutes = Math.round(seconds / 60);
    return `about ${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return `about ${Math.round((seconds / 3600) * 2) / 2} hours`;
}

const NOUNS: Record<string, [string, string]> = {
  Product: ["product", "products"],
  Collection: ["collection", "collections"],
  Customer: ["customer", "customers"],
  Page: ["page", "pages"],
  Blog: ["blog", "blogs"],
  Article: ["article", "articles"],
  UrlRedirect: ["redirect", "redirects"],
  Menu: ["menu", "menus"],
  MetaobjectDefinition: ["metaobject definition", "metaobject definitions"],
  Metaobject: ["metaobject", "metaobjects"],
  MetafieldDefinition: ["metafield definition", "metafield definitions"],
  Theme: ["theme", "themes"],
};

/** "A full restore of 1,000 products and 20 collections would take about 2 minutes." */
export function describeEstimate(estimate: RestoreEstimate): string {
  if (estimate.types.length === 0) return "The newest snapshot holds nothing a restore would write.";
  const parts = estimate.types.map((t) => `${t.records.toLocaleString("en-US")} ${NOUNS[t.type]?.[t.records === 1 ? 0 : 1] ?? t.type}`);
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
  const rate = `${estimate.bucket.restoreRate.toLocaleString("en-US")} points/s`;
  const basis = estimate.assumedStandard ? `assuming Shopify's Standard rate limit (${rate}; this shop's was not known)` : `at this shop's rate limit of ${rate}`;
  const floor = estimate.productShapeKnown || !estimate.types.some((t) => t.type === "Product") ? "" : " (at least: a restore drill measures how large the products are)";
  return `A full restore of ${list} would take ${formatDuration(estimate.seconds)}${floor}, ${basis}.`;
}
