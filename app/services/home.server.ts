/** What the home page shows: the shop, live counts from Shopify, backup state, the recovery-time estimate and the last drill. */
import type { Db } from "~/db.server";
import { listCatalogSnapshots } from "~/catalog/queries";
import { describeEstimate, estimateFullRestore, type BucketInfo, type ProductShape } from "~/restore/estimate";
import { HOME_QUERY } from "~/shopify/queries/home";
import { countSnapshots } from "./shops.server";

/** The slice of the library's Admin GraphQL client the home page needs. */
export interface AdminGraphql {
  graphql(query: string): Promise<Response>;
}

/** How long a full restore of the newest snapshot would take. */
export interface RecoveryEstimate {
  text: string;
  seconds: number;
  /** The shop's rate limit was not reported: Shopify's Standard was assumed. */
  assumedStandard: boolean;
  /** No drill has measured the products yet: productSet's base cost was used (a lower bound). */
  productShapeKnown: boolean;
  snapshotId: string;
  snapshotTakenAt: string;
}

export interface HomeData {
  shopName: string;
  shopDomain: string;
  productsCount: number;
  customersCount: number;
  /** "AT_LEAST" when Shopify capped the count (10,000 by default). */
  productsAtLeast: boolean;
  customersAtLeast: boolean;
  snapshotCount: number;
  /** Null until a snapshot exists. */
  recovery: RecoveryEstimate | null;
  /** The newest finished restore drill, if any. */
  lastDrill: { outcome: string; startedAt: string; problems: number } | null;
}

interface HomeQueryResult {
  data?: {
    shop: { name: string; myshopifyDomain: string };
    productsCount: { count: number; precision: string } | null;
    customersCount: { count: number; precision: string } | null;
  };
  errors?: { message: string }[];
  // Every Admin API answer reports the shop's bucket: its restore rate is the restore's speed limit.
  extensions?: { cost?: { throttleStatus?: Partial<BucketInfo> } };
}

/** The newest drills' product shape (their sampled restore inputs), and the newest drill itself. */
async function drillFacts(db: Db, shop: string): Promise<{ shape: ProductShape | null; last: HomeData["lastDrill"] }> {
  const rows = await db.restoreDrill.findMany({ where: { shop, finishedAt: { not: null } }, orderBy: { startedAt: "desc" }, take: 5 });
  const shape = rows.map((r) => (r.summary as { productShape?: ProductShape | null } | null)?.productShape).find((s): s is ProductShape => Boolean(s)) ?? null;
  const newest = rows[0];
  const last = newest ? { outcome: newest.outcome, startedAt: newest.startedAt.toISOString(), problems: Array.isArray(newest.problems) ? newest.problems.length : 0 } : null;
  return { shape, last };
}

/** Loads the home page data for one authenticated shop. */
export async function loadHome(admin: AdminGraphql, db: Db, shop: string): Promise<HomeData> {
  const [response, snapshotCount, [newest], drills] = await Promise.all([admin.graphql(HOME_QUERY), countSnapshots(db, shop), listCatalogSnapshots(db, shop, 1), drillFacts(db, shop)]);
  const body = (await response.json()) as HomeQueryResult;
  if (!body.data)
    throw new Error(`home query failed: ${body.errors?.map((e) => e.message).join("; ")}`);
  const { shop: info, productsCount, customersCount } = body.data;
  let recovery: RecoveryEstimate | null = null;
  if (newest) {
    const estimate = estimateFullRestore(newest.countsPerType, body.extensions?.cost?.throttleStatus, drills.shape);
    recovery = {
      text: describeEstimate(estimate),
      seconds: estimate.seconds,
      assumedStandard: estimate.assumedStandard,
      productShapeKnown: estimate.productShapeKnown,
      snapshotId: newest.id,
      snapshotTakenAt: newest.takenAt.toISOString(),
    };
  }
  return {
    shopName: info.name,
    shopDomain: info.myshopifyDomain,
    productsCount: productsCount?.count ?? 0,
    customersCount: customersCount?.count ?? 0,
    productsAtLeast: productsCount?.precision === "AT_LEAST",
    customersAtLeast: customersCount?.precision === "AT_LEAST",
    snapshotCount,
    recovery,
    lastDrill: drills.last,
  };
}
