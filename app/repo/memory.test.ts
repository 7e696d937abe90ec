import { describe, expect, it } from "vitest";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { createRepository } from "./repository";
import { createTestKeyProvider } from "./test-support";
import type { RecordInput } from "./types";

describe("bounded memory", () => {
  it("writes 200k records from a generator without holding them (heap sanity bound)", async () => {
    const repo = createRepository({ store: createMemoryBlobStore(), keys: createTestKeyProvider(), shop: "mem.myshopify.com" });
    await repo.init();
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    const n = 200_000;
    function* records(): Generator<RecordInput> {
      for (let i = 0; i < n; i++) {
        if (i % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - base);
        yield {
          type: i % 3 === 0 ? "ProductVariant" : "Product",
          gid: `gid://shopify/Product/${i}`,
          record: { id: i, title: `Item ${i}`, sku: `SKU-${i}`, price: (i % 997) / 7, tags: ["x", `t${i % 17}`] },
        };
      }
    }
    const snap = await repo.writeSnapshot({ kind: "full", records: records() });
    expect(snap.totalRecords).toBe(n);
    // Input is ~20 MB of JSON; an implementation that kept records or used a
    // Map of string ids would blow well past this generous bound.
    expect(peak).toBeLessThan(160 * 1024 * 1024);
    const got = await repo.getRecord(snap.id, "Product", "gid://shopify/Product/199999");
    expect(got?.record).toEqual({ id: 199999, title: "Item 199999", sku: "SKU-199999", price: (199999 % 997) / 7, tags: ["x", `t${199999 % 17}`] });
  });
});
