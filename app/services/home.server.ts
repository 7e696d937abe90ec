/** What the home page shows: the shop, live counts from Shopify, backup state. */
import type { Db } from "~/db.server";
import { HOME_QUERY } from "~/shopify/queries/home";
import { countSnapshots } from "./shops.server";

/** The slice of the library's Admin GraphQL client the home page needs. */
export interface AdminGraphql {
  graphql(query: string): Promise<Response>;
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
}

interface HomeQueryResult {
  data?: {
    shop: { name: string; myshopifyDomain: string };
    productsCount: { count: number; precision: string } | null;
    customersCount: { count: number; precision: string } | null;
  };
  errors?: { message: string }[];
}

/** Loads the home page data for one authenticated shop. */
export async function loadHome(admin: AdminGraphql, db: Db, shop: string): Promise<HomeData> {
  const [response, snapshotCount] = await Promise.all([
    admin.graphql(HOME_QUERY),
    countSnapshots(db, shop),
  ]);
  const body = (await response.json()) as HomeQueryResult;
  if (!body.data)
    throw new Error(`home query failed: ${body.errors?.map((e) => e.message).join("; ")}`);
  const { shop: info, productsCount, customersCount } = body.data;
  return {
    shopName: info.name,
    shopDomain: info.myshopifyDomain,
    productsCount: productsCount?.count ?? 0,
    customersCount: customersCount?.count ?? 0,
    productsAtLeast: productsCount?.precision === "AT_LEAST",
    customersAtLeast: customersCount?.precision === "AT_LEAST",
    snapshotCount,
  };
}
