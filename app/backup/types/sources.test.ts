/**
 * bulkRecords reading roots in parts (splitRoots): the records equal those of
 * the whole-root path, and a module whose root record embeds the split
 * children is refused instead of stored incomplete.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IntegrityError } from "~/errors";
import { createAdminClient } from "~/shopify/admin-client";
import * as Q from "~/shopify/queries/backup-products";
import { startSimulator, type RunningSimulator } from "../../../test/simulator";
import { normaliseLocation } from "./inventory";
import type { CanonicalRecord, FetchContext } from "./module";
import { normaliseProduct } from "./products";
import { bulkRecords } from "./sources";

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
