/**
 * bulkRecords reading roots in parts (splitRoots): the records equal those of
 * the whole-root path, and a module whose root record embeds the split
 * children is refused instead of stored incomplete.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IntegrityError } from "~/errors";
import { createAdminClient, type AdminClient, type RequestOptions } from "~/shopify/admin-client";
import { ShopifyGraphQLError } from "~/shopify/errors";
import * as Q from "~/shopify/queries/backup-products";
import { startSimulator, type RunningSimulator } from "../../../test/simulator";
import { normaliseLocation } from "./inventory";
import type { CanonicalRecord, FetchContext } from "./module";
import { normaliseProduct, products } from "./products";
import { bulkRecords, byIdRecords } from "./sources";

let sim: RunningSimulator;
let ctx: FetchContext;

beforeAll(async () => {
  sim = await startSimulator({ size: "tiny", seed: 5, apiKey: "key", apiSecret: "secret", plan: "plus" });
  const client = createAdminClient({ shop: sim.shopDomain, accessToken: sim.accessToken(), apiVersion: "2026-10", baseUrl: sim.url });
  ctx = { client, bulk: { pollIntervalMs: 10 } };
});
afterAll(async () => sim?.close());

async function all(records: AsyncIterable<CanonicalRecord>): Promise<Map<string, CanonicalRecord>> {
  const out = new Map<string, CanonicalRecord>();
  for await (const record of records) {
    const key = `${record.type} ${record.gid}`;
    expect(out.has(key), key).toBe(false);
    out.set(key, record);
  }
  return out;
}

describe("bulkRecords with splitRoots", () => {
  it("yields exactly the records of the whole-root path, each once", async () => {
    const whole = await all(bulkRecords(ctx, "inventory", Q.BACKUP_LOCATIONS_BULK, normaliseLocation));
    const parts = await all(bulkRecords(ctx, "inventory", Q.BACKUP_LOCATIONS_BULK, normaliseLocation, { splitRoots: true, splitLines: 3 }));
    expect([...whole.values()].filter((r) => r.type === "InventoryLevel").length).toBeGreaterThan(3);
    expect(parts).toEqual(whole);
  });

  it("refuses a module whose root record embeds the children it would split", async () => {
    const run = all(bulkRecords(ctx, "products", Q.BACKUP_PRODUCTS_BULK, normaliseProduct, { splitRoots: true, splitLines: 1 }));
    await expect(run).rejects.toBeInstanceOf(IntegrityError);
  });
});

describe("byIdRecords", () => {
  const productIds = async (n: number) => {
    const { data } = await ctx.client.request<{ products: { nodes: { id: string }[] } }>(`query($n: Int!) { products(first: $n) { nodes { id } } }`, { n });
    return data.products.nodes.map((p) => p.id);
  };

  it("reads products four to a query within Shopify's cost limit, in the order asked", async () => {
    const ids = await productIds(9);
    const got = [];
    for await (const record of products.byIds!(ctx, ids)) if (record.type === "Product") got.push(record.gid);
    expect(got).toEqual(ids);
  });

  it("halves a batch Shopify refuses as too costly, and still returns every record in order", async () => {
    const ids = await productIds(7);
    const sizes: number[] = [];
    // A client whose queries may cost at most two ids' worth, as Shopify would answer a costlier one.
    const strict = {
      ...ctx.client,
      request: (async (document: string, variables?: Record<string, unknown>, options?: RequestOptions) => {
        const asked = (variables?.ids as string[] | undefined)?.length ?? 0;
        sizes.push(asked);
        if (asked > 2) throw new ShopifyGraphQLError([{ message: "Query cost is 1604, which exceeds the single query max cost limit (1000).", extensions: { code: "MAX_COST_EXCEEDED" } }]);
        return ctx.client.request(document, variables, options);
      }) as AdminClient["request"],
    };
    const got = [];
    for await (const record of byIdRecords({ ...ctx, client: strict }, Q.BACKUP_PRODUCTS_BY_ID, ids, 4, normaliseProduct)) if (record.type === "Product") got.push(record.gid);
    expect(got).toEqual(ids);
    expect(sizes.filter((n) => n <= 2).reduce((a, b) => a + b, 0)).toBe(7);
  });
});
