import { describe, expect, it } from "vitest";
import { IntegrityError } from "~/errors";
import { collect, newTestRepo, product, products } from "./test-support";

describe("integrity", () => {
  it("a flipped byte in a pack is named by check and never returned silently", async () => {
    const { repo, store } = await newTestRepo();
    const snap = await repo.writeSnapshot({ kind: "full", records: products(400) });
    const packs = await collect(store.list("shops/demo.myshopify.com/packs/"));
    // The largest pack is a full one of record blocks (manifest blocks come last, in the tail pack).
    const victim = packs.reduce((a, b) => (b.size > a.size ? b : a));
    const bytes = Buffer.from(await store.get(victim.key));
    bytes[100] ^= 0x01; // inside the first block
    await store.put(victim.key, bytes);

    const report = await repo.check({ readDataPercent: 100 });
    expect(report.ok).toBe(false);
    const corrupt = report.problems.find((p) => p.kind === "corrupt-block");
    expect(corrupt?.packId).toBe(victim.key.split("/").pop());
    expect(corrupt?.affected?.length).toBeGreaterThan(0);
    const hit = corrupt?.affected?.[0];
    expect(hit?.snapshotId).toBe(snap.id);
    expect(hit?.type).toBe("Product");
    await expect(repo.getRecord(snap.id, "Product", hit?.gid ?? "")).rejects.toBeInstanceOf(IntegrityError);
    // Records in other blocks still read fine.
    const fine = (await collect(store.list("shops/demo.myshopify.com/packs/"))).length > 1;
    expect(fine).toBe(true);
    const unaffected = [...Array(400).keys()].find((i) => !corrupt?.affected?.some((a) => a.gid === `gid://shopify/Product/${i}`));
    expect((await repo.getRecord(snap.id, "Product", `gid://shopify/Product/${unaffected}`))?.record).toStrictEqual(product(unaffected ?? 0));
  });

  it("a clean repository checks clean with full read-back", async () => {
    const { repo } = await newTestRepo();
    await repo.writeSnapshot({ kind: "full", records: products(300) });
    await repo.writeSnapshot({ kind: "full", records: products(320, (i) => i % 10) });
    const report = await repo.check({ readDataPercent: 100 });
    expect(report.problems).toEqual([]);
    expect(report.recordsVerified).toBeGreaterThan(300);
  });

  it("a truncated pack and a missing pack are reported with affected GIDs", async () => {
    const { repo, store } = await newTestRepo();
    const snap = await repo.writeSnapshot({ kind: "full", records: products(1500) });
    const packs = await collect(store.list("shops/demo.myshopify.com/packs/"));
    expect(packs.length).toBeGreaterThan(2);
    // Truncate one pack, delete another: both kinds of damage name what they hurt.
    await store.put(packs[0].key, (await store.get(packs[0].key)).subarray(0, 50));
    await store.delete(packs[1].key);
    const report = await repo.check();
    expect(report.ok).toBe(false);
    const kinds = report.problems.map((p) => p.kind);
    expect(kinds).toContain("missing-pack");
    expect(kinds).toContain("truncated-pack");
    for (const problem of report.problems.filter((p) => p.kind === "missing-pack" || p.kind === "truncated-pack")) {
      const namesSomething = (problem.affected?.length ?? 0) > 0 ||
        report.problems.some((p) => (p.kind === "corrupt-page" || p.kind === "missing-page") && p.snapshotId === snap.id);
      expect(namesSomething).toBe(true);
      expect((problem.affected ?? []).every((a) => a.snapshotId === snap.id && a.gid.startsWith("gid://shopify/Product/"))).toBe(true);
    }
  });

  it("rebuildIndex from packs alone gives identical reads", async () => {
    const { repo, store } = await newTestRepo();
    const a = await repo.writeSnapshot({ kind: "full", records: products(300) });
    const b = await repo.writeSnapshot({ kind: "incremental", records: [{ type: "Product", gid: "gid://shopify/Product/1", record: null }] });
    const before = [await collect(repo.readSnapshot(a.id)), await collect(repo.readSnapshot(b.id))];
    for await (const info of store.list("shops/demo.myshopify.com/index/")) await store.delete(info.key);
    await expect(repo.check()).resolves.toMatchObject({ ok: false });
    const rebuilt = await repo.rebuildIndex();
    expect(rebuilt.unreadablePacks).toEqual([]);
    expect(rebuilt.records).toBeGreaterThan(300);
    const after = [await collect(repo.readSnapshot(a.id)), await collect(repo.readSnapshot(b.id))];
    expect(after).toStrictEqual(before);
    expect((await repo.check({ readDataPercent: 100 })).ok).toBe(true);
  });

  it("a tampered snapshot object or config fails loudly", async () => {
    const { repo, store } = await newTestRepo();
    const snap = await repo.writeSnapshot({ kind: "full", records: products(10) });
    const key = `shops/demo.myshopify.com/snapshots/${snap.id}`;
    const bytes = Buffer.from(await store.get(key));
    bytes[bytes.length - 1] ^= 0x80;
    await store.put(key, bytes);
    await expect(repo.getSnapshot(snap.id)).rejects.toBeInstanceOf(IntegrityError);
    expect((await repo.check()).problems.map((p) => p.kind)).toContain("unreadable-snapshot");
  });
});
