import { describe, expect, it } from "vitest";
import { ConflictError, NotFoundError } from "~/errors";
import { createRepository } from "./repository";
import { collect, newTestRepo, product, products, storedBytes } from "./test-support";
import type { RecordInput } from "./types";

describe("repository: write and read", () => {
  it("reads back exactly the records written, field by field, in (type, gid) order", async () => {
    const { repo } = await newTestRepo();
    const input: RecordInput[] = [
      ...products(300),
      { type: "Collection", gid: "gid://shopify/Collection/1", record: { title: "Summer", rules: [{ column: "TAG", relation: "EQUALS", condition: "summer" }], __parentId: "x" } },
      { type: "Page", gid: "gid://shopify/Page/9", record: { title: "Über uns ✓", body: "<p>emoji 🎉 and \"quotes\"</p>", nothing: null, n: 1.5e-7 } },
    ];
    const snap = await repo.writeSnapshot({ kind: "full", records: input, volatileFields: ["__parentId"] });
    expect(snap.totalRecords).toBe(302);
    expect(snap.countsPerType).toEqual({ Collection: 1, Page: 1, Product: 300 });
    expect(snap.manifest.length).toBeGreaterThan(3);

    const out = await collect(repo.readSnapshot(snap.id));
    expect(out).toHaveLength(302);
    const keys = out.map((e) => `${e.type}\u0000${e.gid}`);
    expect(keys).toEqual([...keys].sort());
    const byGid = new Map(out.map((e) => [e.gid, e]));
    for (const item of input) {
      const expected = { ...(item.record as Record<string, unknown>) };
      delete expected.__parentId;
      expect(byGid.get(item.gid)?.record).toStrictEqual(expected);
    }
    expect((await repo.getRecord(snap.id, "Product", "gid://shopify/Product/42"))?.record).toStrictEqual(product(42));
    expect(await repo.getRecord(snap.id, "Product", "gid://shopify/Product/999999")).toBeUndefined();
  });

  it("reads only the asked types, without reading the blocks of the others", async () => {
    const { repo, store, keys } = await newTestRepo();
    const input: RecordInput[] = [
      ...products(200),
      ...[1, 2, 3].map((n) => ({ type: "Page", gid: `gid://shopify/Page/${n}`, record: { title: `Page ${n}` } })),
      { type: "Collection", gid: "gid://shopify/Collection/1", record: { title: "Summer" } },
    ];
    const snap = await repo.writeSnapshot({ kind: "full", records: input });
    const pages = await collect(repo.readSnapshot(snap.id, { types: ["Page"] }));
    expect(pages.map((e) => [e.type, e.gid, e.record])).toEqual([1, 2, 3].map((n) => ["Page", `gid://shopify/Page/${n}`, { title: `Page ${n}` }]));
    // Fresh handles (no block cache) count the storage reads: the filtered read skips the products' blocks.
    let reads = 0;
    const counted = { ...store, get: (key: string) => (reads++, store.get(key)), getRange: (key: string, offset: number, length: number) => (reads++, store.getRange(key, offset, length)) };
    const readsFor = async (options?: { types: string[] }) => {
      const handle = createRepository({ store: counted, keys, shop: "demo.myshopify.com" });
      await handle.open();
      const before = reads;
      await collect(handle.readSnapshot(snap.id, options));
      return reads - before;
    };
    expect(await readsFor({ types: ["Collection"] })).toBeLessThan(await readsFor());
    // withoutRecords: the entries stay (with their record ids), the records are not read.
    const listed = await collect(repo.readSnapshot(snap.id, { withoutRecords: ["Product"] }));
    const full = await collect(repo.readSnapshot(snap.id));
    expect(listed.map((e) => [e.type, e.gid, e.recordId])).toEqual(full.map((e) => [e.type, e.gid, e.recordId]));
    expect(listed.filter((e) => e.type === "Product").every((e) => e.record === null && !e.redacted)).toBe(true);
    expect(listed.find((e) => e.type === "Page")?.record).toEqual({ title: "Page 1" });
  });

  it("re-opens from storage alone with a second handle", async () => {
    const { repo, store, keys } = await newTestRepo();
    const snap = await repo.writeSnapshot({ kind: "full", records: products(50) });
    const again = createRepository({ store, keys, shop: "demo.myshopify.com" });
    await again.open();
    expect((await again.listSnapshots()).map((s) => s.id)).toEqual([snap.id]);
    expect((await again.getRecord(snap.id, "Product", "gid://shopify/Product/7"))?.record).toStrictEqual(product(7));
    await expect(again.init()).rejects.toBeInstanceOf(ConflictError);
    const other = createRepository({ store, keys, shop: "other.myshopify.com" });
    await expect(other.open()).rejects.toBeInstanceOf(NotFoundError);
  });

  it("stores an identical second snapshot for almost nothing", async () => {
    const { repo, store } = await newTestRepo();
    await repo.writeSnapshot({ kind: "full", records: products(2000) });
    const before = await storedBytes(store);
    const second = await repo.writeSnapshot({ kind: "full", records: products(2000) });
    const added = (await storedBytes(store)) - before;
    expect(second.stats.newRecords).toBe(0);
    expect(second.stats.newPacks).toBe(0);
    // Only the snapshot object itself (page list) is new.
    expect(added).toBeLessThan(before * 0.05);
    expect(added).toBe(second.stats.storedBytesAdded);
  });

  it("a 1% change adds about 1% of the bytes", async () => {
    const { repo, store } = await newTestRepo({ blockTargetBytes: 64 << 10, packTargetBytes: 512 << 10, pageAverageEntries: 64, pageMaxEntries: 512 });
    await repo.writeSnapshot({ kind: "full", records: products(5000) });
    const full = await storedBytes(store);
    const changed = new Set<number>();
    for (let k = 0; k < 50; k++) changed.add((k * 7919) % 5000);
    const second = await repo.writeSnapshot({ kind: "full", records: products(5000, (i) => (changed.has(i) ? 1 : 0)) });
    const added = (await storedBytes(store)) - full;
    expect(second.stats.newRecords).toBe(changed.size);
    // 1% of records, plus rewritten manifest pages and the snapshot object.
    expect(added / full).toBeLessThan(0.05);
    expect(added / full).toBeGreaterThan(0.005);
  });

  it("incremental snapshots carry the full state, with tombstones deleting", async () => {
    const { repo } = await newTestRepo();
    const base = await repo.writeSnapshot({ kind: "full", records: products(100) });
    const inc = await repo.writeSnapshot({
      kind: "incremental",
      records: [
        { type: "Product", gid: "gid://shopify/Product/5", record: product(5, 2) },
        { type: "Product", gid: "gid://shopify/Product/6", record: null },
        { type: "Product", gid: "gid://shopify/Product/1000", record: product(1000) },
        { type: "Product", gid: "gid://shopify/Product/7", record: product(7, 1) },
        { type: "Product", gid: "gid://shopify/Product/7", record: product(7, 3) }, // last one wins
      ],
    });
    expect(inc.parent).toBe(base.id);
    expect(inc.totalRecords).toBe(100);
    const state = new Map((await collect(repo.readSnapshot(inc.id))).map((e) => [e.gid, e.record]));
    expect(state.size).toBe(100);
    expect(state.get("gid://shopify/Product/5")).toStrictEqual(product(5, 2));
    expect(state.get("gid://shopify/Product/7")).toStrictEqual(product(7, 3));
    expect(state.has("gid://shopify/Product/6")).toBe(false);
    expect(state.get("gid://shopify/Product/1000")).toStrictEqual(product(1000));
    expect(state.get("gid://shopify/Product/50")).toStrictEqual(product(50));
    // The base snapshot is untouched.
    expect((await repo.getRecord(base.id, "Product", "gid://shopify/Product/6"))?.record).toStrictEqual(product(6));
  });

  it("skips the manifest pages of types before the asked ones", async () => {
    const { repo, store, keys } = await newTestRepo();
    const articles = Array.from({ length: 2000 }, (_, n) => ({ type: "Article", gid: `gid://shopify/Article/${n}`, record: { title: `Article ${n}` } }));
    const snap = await repo.writeSnapshot({ kind: "full", records: [...articles, { type: "Page", gid: "gid://shopify/Page/1", record: { title: "About" } }] });
    expect(snap.manifest.length).toBeGreaterThan(50);
    let reads = 0;
    const counted = { ...store, getRange: (key: string, offset: number, length: number) => (reads++, store.getRange(key, offset, length)) };
    const handle = createRepository({ store: counted, keys, shop: "demo.myshopify.com" });
    await handle.open();
    const before = reads;
    expect((await collect(handle.readSnapshot(snap.id, { types: ["Page"] }))).map((e) => e.record)).toEqual([{ title: "About" }]);
    // The Page entry's manifest page and the record's block (a few reads), not the Article pages before them.
    expect(reads - before).toBeLessThan(6);
  });

  it("reads in storage order: the same entries, each block decoded once", async () => {
    const tuning = { blockTargetBytes: 8 << 10, packTargetBytes: 32 << 10, pageAverageEntries: 16, pageMaxEntries: 64, sortRunEntries: 37, blockCacheBytes: 16 << 10 };
    const { repo, store, keys } = await newTestRepo(tuning);
    // Types interleaved as a full snapshot fetches them: a product, its image, its inventory level.
    const input: RecordInput[] = [...products(300)].flatMap((p, n) => [
      p,
      { type: "MediaSource", gid: `gid://shopify/MediaImage/${n}`, record: { product: p.gid, url: `https://cdn.example/${n}.png`, pad: "x".repeat(40) } },
      { type: "InventoryLevel", gid: `gid://shopify/InventoryLevel/${n}`, record: { item: n, available: n % 7, pad: "y".repeat(40) } },
    ]);
    input.push({ type: "Customer", gid: "gid://shopify/Customer/1", record: { email: "a@example.com" }, subject: "gid://shopify/Customer/1" });
    input.push({ type: "Customer", gid: "gid://shopify/Customer/2", record: { email: "b@example.com" }, subject: "gid://shopify/Customer/2" });
    const snap = await repo.writeSnapshot({ kind: "full", records: input });
    await repo.forgetSubject("gid://shopify/Customer/2");
    const byKey = await collect(repo.readSnapshot(snap.id, { withoutRecords: ["MediaSource"] }));
    const byStorage = await collect(repo.readSnapshot(snap.id, { withoutRecords: ["MediaSource"], order: "storage" }));
    const line = (e: (typeof byKey)[number]) => JSON.stringify([e.type, e.gid, e.recordId, e.record, e.redacted]);
    expect(byStorage.map(line).sort()).toEqual(byKey.map(line).sort());
    expect(byStorage.map(line)).not.toEqual(byKey.map(line));
    expect(byStorage.find((e) => e.gid === "gid://shopify/Customer/2")).toMatchObject({ record: null, redacted: true });
    expect(byStorage.find((e) => e.gid === "gid://shopify/Customer/1")?.record).toEqual({ email: "a@example.com" });
    // Storage reads from fresh handles (a cache of two blocks): key order comes back to each block once per type in it.
    let reads = 0;
    const counted = { ...store, getRange: (key: string, offset: number, length: number) => (reads++, store.getRange(key, offset, length)) };
    const readsFor = async (order: "key" | "storage") => {
      const handle = createRepository({ store: counted, keys, shop: "demo.myshopify.com", tuning });
      await handle.open();
      const before = reads;
      await collect(handle.readSnapshot(snap.id, { order }));
      return reads - before;
    };
    const [key, storage] = [await readsFor("key"), await readsFor("storage")];
    expect(storage * 2).toBeLessThan(key);
  });

  it("spills manifest sorting to temp files and still merges correctly", async () => {
    const { repo } = await newTestRepo({ blockTargetBytes: 8 << 10, packTargetBytes: 32 << 10, pageAverageEntries: 16, pageMaxEntries: 64, sortRunEntries: 37 });
    const reversed = [...products(500)].reverse();
    const snap = await repo.writeSnapshot({ kind: "full", records: [...reversed, { type: "Product", gid: "gid://shopify/Product/3", record: product(3, 9) }] });
    const out = await collect(repo.readSnapshot(snap.id));
    expect(out).toHaveLength(500);
    expect(out.find((e) => e.gid === "gid://shopify/Product/3")?.record).toStrictEqual(product(3, 9));
  });

  it("history and diff report exactly what changed", async () => {
    const { repo, clock } = await newTestRepo();
    const a = await repo.writeSnapshot({ kind: "full", records: products(30) });
    clock.advance(3_600_000);
    const b = await repo.writeSnapshot({
      kind: "incremental",
      records: [
        { type: "Product", gid: "gid://shopify/Product/3", record: product(3, 1) },
        { type: "Product", gid: "gid://shopify/Product/4", record: null },
        { type: "Product", gid: "gid://shopify/Product/30", record: product(30) },
      ],
    });
    clock.advance(3_600_000);
    const c = await repo.writeSnapshot({ kind: "incremental", records: [{ type: "Product", gid: "gid://shopify/Product/9", record: product(9, 1) }] });

    const h = await repo.history("Product", "gid://shopify/Product/3");
    expect(h.map((e) => [e.snapshotId, e.changed])).toEqual([[a.id, false], [b.id, true], [c.id, false]]);
    expect(h[1].recordId).not.toBe(h[0].recordId);
    const gone = await repo.history("Product", "gid://shopify/Product/4");
    expect(gone.map((e) => e.recordId === null)).toEqual([false, true, true]);

    const d = await collect(repo.diff(a.id, b.id));
    expect(d.map((e) => [e.gid, e.change])).toEqual([
      ["gid://shopify/Product/3", "changed"],
      ["gid://shopify/Product/30", "added"],
      ["gid://shopify/Product/4", "deleted"],
    ]);
    expect(await collect(repo.diff(b.id, b.id))).toEqual([]);
  });
});
