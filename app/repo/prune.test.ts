import { describe, expect, it } from "vitest";
import { NotFoundError } from "~/errors";
import { collect, newTestRepo, product, products, storedBytes } from "./test-support";

const PACKS = "shops/demo.myshopify.com/packs/";

describe("forget + prune", () => {
  it("removes only unreferenced data, spares young packs, and keeps kept snapshots intact", async () => {
    const { repo, store, clock } = await newTestRepo();
    const old = await repo.writeSnapshot({ kind: "full", records: products(600, () => 1) });
    clock.advance(86_400_000);
    const kept = await repo.writeSnapshot({ kind: "full", records: products(600, () => 2) });
    const keptState = await collect(repo.readSnapshot(kept.id));

    // A crashed writer's pack (not in any index), written just now.
    await store.put(`${PACKS}ff/ff${"0".repeat(30)}`, Buffer.from("orphan"));

    // Read from the old snapshot first, so its metadata sits in the handle's cache.
    expect(await repo.getRecord(old.id, "Product", "gid://shopify/Product/1")).toBeDefined();
    const plan = await repo.forget({ last: 1 });
    expect(plan.keep.map((k) => k.id)).toEqual([kept.id]);
    expect(plan.remove.map((r) => r.id)).toEqual([old.id]);
    expect((await repo.listSnapshots()).map((s) => s.id)).toEqual([kept.id]);
    await expect(repo.getRecord(old.id, "Product", "gid://shopify/Product/1")).rejects.toThrow(NotFoundError);

    const before = await storedBytes(store, PACKS);
    const young = await repo.prune({ minUnreferencedAgeMs: 3_600_000, repackWasteThreshold: 0.3 });
    // The forgotten snapshot's packs are a day old: deleted. The orphan is minutes old: spared.
    expect(young.packsDeleted).toBeGreaterThan(0);
    expect(young.packsSpared).toBe(1);
    expect(await store.stat(`${PACKS}ff/ff${"0".repeat(30)}`)).toBeDefined();

    clock.advance(2 * 3_600_000);
    const report = await repo.prune({ minUnreferencedAgeMs: 3_600_000, repackWasteThreshold: 0.3 });
    expect(report.packsDeleted).toBe(1);
    expect(report.packsSpared).toBe(0);
    expect(await store.stat(`${PACKS}ff/ff${"0".repeat(30)}`)).toBeUndefined();
    const after = await storedBytes(store, PACKS);
    expect(after).toBeLessThan(before * 0.75);

    expect(await collect(repo.readSnapshot(kept.id))).toStrictEqual(keptState);
    expect((await repo.check({ readDataPercent: 100 })).problems).toEqual([]);
  });

  it("repacks a pack whose waste exceeds the threshold and leaves the rest alone", async () => {
    const { repo, clock } = await newTestRepo({ blockTargetBytes: 4 << 10, packTargetBytes: 1 << 20, pageAverageEntries: 16, pageMaxEntries: 64, leaseTtlMs: 60_000 });
    // One big pack holding both versions; then forget the first: ~half the pack is waste.
    const a = await repo.writeSnapshot({ kind: "full", records: products(300) });
    clock.advance(60_000);
    const b = await repo.writeSnapshot({ kind: "full", records: products(300, (i) => (i < 150 ? 1 : 0)) });
    const expected = await collect(repo.readSnapshot(b.id));
    clock.advance(86_400_000);
    await repo.forget({ last: 1 });
    expect((await repo.listSnapshots()).map((s) => s.id)).toEqual([b.id]);
    const high = await repo.prune({ minUnreferencedAgeMs: 0, repackWasteThreshold: 0.9 });
    expect(high.packsRepacked).toBe(0);
    const low = await repo.prune({ minUnreferencedAgeMs: 0, repackWasteThreshold: 0.1 });
    expect(low.packsRepacked).toBeGreaterThan(0);
    expect(low.bytesWritten).toBeGreaterThan(0);
    expect(await collect(repo.readSnapshot(b.id))).toStrictEqual(expected);
    expect((await repo.getRecord(b.id, "Product", "gid://shopify/Product/3"))?.record).toStrictEqual(product(3, 1));
    expect((await repo.check({ readDataPercent: 100 })).problems).toEqual([]);
    await expect(repo.getSnapshot(a.id)).rejects.toThrow();
    // Dedup still works against repacked data.
    const again = await repo.writeSnapshot({ kind: "full", records: products(300, (i) => (i < 150 ? 1 : 0)) });
    expect(again.stats.newRecords).toBe(0);
  });
});
