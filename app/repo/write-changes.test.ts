/**
 * writeChanges commits an incremental snapshot only when it changes the
 * parent's state, judged by record ids alone. Run with the parent's base
 * kept (a delta-only write) and with every write rebasing (a full merge),
 * because the two paths count changes in different places.
 */
import { describe, expect, it } from "vitest";
import { collect, newTestRepo, product, products, SMALL_TUNING } from "./test-support";
import type { RecordInput } from "./types";

const customer = (i: number, note = "") => ({ id: `gid://shopify/Customer/${i}`, email: `c${i}@example.com`, note });
const customerInput = (i: number, note = ""): RecordInput => ({ type: "Customer", gid: `gid://shopify/Customer/${i}`, record: customer(i, note), subject: `customer:${i}` });
const productInput = (i: number, version = 0): RecordInput => ({ type: "Product", gid: `gid://shopify/Product/${i}`, record: product(i, version) });
const tomb = (type: string, gid: string): RecordInput => ({ type, gid, record: null });

describe.each([
  ["keeping the parent's base", SMALL_TUNING],
  ["rebasing every write", { ...SMALL_TUNING, deltaRebaseRatio: 0 }],
])("writeChanges, %s", (_name, tuning) => {
  async function seeded() {
    const t = await newTestRepo(tuning);
    const full = await t.repo.writeSnapshot({ kind: "full", records: [...products(40), customerInput(1), customerInput(2)] });
    return { ...t, full };
  }
  const objects = async (t: Awaited<ReturnType<typeof seeded>>) => (await collect(t.store.list(""))).map((o) => o.key).sort();

  it("commits nothing for records equal to the parent's and tombstones of records it lacks", async () => {
    const t = await seeded();
    const before = await objects(t);
    const result = await t.repo.writeChanges({
      parent: t.full.id,
      records: [productInput(3), productInput(17), customerInput(2), tomb("Product", "gid://shopify/Product/999"), tomb("Customer", "gid://shopify/Customer/77")],
    });
    expect(result).toBeNull();
    expect((await t.repo.listSnapshots()).map((s) => s.id)).toEqual([t.full.id]);
    // No snapshot, pack or index object was added (the lease is gone again).
    expect(await objects(t)).toEqual(before);
  });

  it("commits a change, a deletion and a re-creation, each exactly as written", async () => {
    const t = await seeded();
    const changed = await t.repo.writeChanges({ parent: t.full.id, records: [productInput(3), productInput(5, 1)] });
    expect(changed).not.toBeNull();
    expect((await t.repo.getRecord(changed!.id, "Product", "gid://shopify/Product/5"))?.record).toEqual(product(5, 1));

    const deleted = await t.repo.writeChanges({ parent: changed!.id, records: [tomb("Product", "gid://shopify/Product/8"), customerInput(1)] });
    expect(deleted).not.toBeNull();
    expect(await t.repo.getRecord(deleted!.id, "Product", "gid://shopify/Product/8")).toBeUndefined();
    expect(deleted!.totalRecords).toBe(41);

    const recreated = await t.repo.writeChanges({ parent: deleted!.id, records: [productInput(8)] });
    expect(recreated).not.toBeNull();
    expect((await t.repo.getRecord(recreated!.id, "Product", "gid://shopify/Product/8"))?.record).toEqual(product(8));
  });

  it("compares with the parent's own state, not its base", async () => {
    const t = await seeded();
    const changed = await t.repo.writeChanges({ parent: t.full.id, records: [productInput(5, 1), customerInput(1, "vip")] });
    // The parent's delta holds product 5 v1 and the new note: writing them again changes nothing…
    expect(await t.repo.writeChanges({ parent: changed!.id, records: [productInput(5, 1), customerInput(1, "vip")] })).toBeNull();
    // …while the base's version is a change back.
    const reverted = await t.repo.writeChanges({ parent: changed!.id, records: [productInput(5)] });
    expect(reverted).not.toBeNull();
    expect((await t.repo.getRecord(reverted!.id, "Product", "gid://shopify/Product/5"))?.record).toEqual(product(5));
  });

  it("counts a changed subject record as a change", async () => {
    const t = await seeded();
    const result = await t.repo.writeChanges({ parent: t.full.id, records: [customerInput(2, "moved")] });
    expect(result).not.toBeNull();
    expect((await t.repo.getRecord(result!.id, "Customer", "gid://shopify/Customer/2"))?.record).toEqual(customer(2, "moved"));
  });
});
