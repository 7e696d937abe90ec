/** Large data records (image bytes) sit in blocks of their own, so reading the small ones does not decode them. */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { LARGE_RECORD_BYTES } from "./block-sink";
import { createRepository } from "./repository";
import { createTestKeyProvider } from "./test-support";
import type { RecordInput } from "./types";

describe("large data records", () => {
  it("go to blocks of their own: reading the small records fetches few of the stored bytes", async () => {
    const memory = createMemoryBlobStore();
    let fetched = 0;
    const store = new Proxy(memory, {
      get(target, property) {
        if (property === "getRange") {
          return async (key: string, offset: number, length: number) => {
            const bytes = await target.getRange(key, offset, length);
            if (key.includes("/packs/")) fetched += bytes.length;
            return bytes;
          };
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const keys = createTestKeyProvider();
    const repo = createRepository({ store, keys, shop: "large.myshopify.com", tuning: { blockTargetBytes: 256 << 10 } });
    await repo.init();
    // A product, then its image, as the full snapshot streams them.
    const records: RecordInput[] = [];
    for (let n = 0; n < 60; n += 1) {
      records.push({ type: "Product", gid: `gid://shopify/Product/${n}`, record: { id: n, title: `Product ${n}` } });
      records.push({ type: "MediaBlob", gid: `sha256:${n}`, record: { data: randomBytes(LARGE_RECORD_BYTES).toString("base64") } });
    }
    const info = await repo.writeSnapshot({ kind: "full", records });
    let stored = 0;
    for await (const blob of memory.list("")) if (blob.key.includes("/packs/")) stored += blob.size;

    const reader = createRepository({ store, keys, shop: "large.myshopify.com" });
    await reader.open();
    fetched = 0;
    const titles: string[] = [];
    for await (const entry of reader.readSnapshot(info.id, { types: ["Product"] })) titles.push(String(entry.record?.title));
    expect(titles).toHaveLength(60);
    expect(stored).toBeGreaterThan(60 * LARGE_RECORD_BYTES);
    // Interleaved in the same blocks, reading the products fetched nearly every stored byte.
    expect(fetched).toBeLessThan(stored / 20);
    for await (const entry of reader.readSnapshot(info.id, { types: ["MediaBlob"] })) expect(String(entry.record?.data).length).toBeGreaterThan(LARGE_RECORD_BYTES);
  });
});
