/**
 * Inventory restore on its own: stock changed after a snapshot is set back
 * (compare-and-set against what the plan saw); a sale between preview and
 * restore fails the step instead of being overwritten; levels of a product
 * re-created by an earlier restore are found under their new GIDs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../types";
import { recordHarness, type RecordHarness } from "./test-harness";

let h: RecordHarness;
let levels: { gid: string; record: JsonObject }[];
beforeAll(async () => {
  h = await recordHarness(["products", "collections", "inventory"]);
  levels = (await h.records("InventoryLevel")).filter((l) => ((l.record.quantities ?? []) as JsonObject[]).some((q) => q.name === "available"));
}, 60_000);
afterAll(() => h?.close());

const SET = `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { message code } } }`;
const item = (l: JsonObject) => String((l.item as JsonObject).id);
const location = (l: JsonObject) => String((l.location as JsonObject).id);
const availableOf = (l: JsonObject) => Number(((l.quantities ?? []) as JsonObject[]).find((q) => q.name === "available")?.quantity);

async function setStock(l: JsonObject, quantity: number) {
  const data = await h.f.gql<{ inventorySetQuantities: { userErrors: unknown[] } }>(SET, {
    input: { name: "available", reason: "correction", ignoreCompareQuantity: true, quantities: [{ inventoryItemId: item(l), locationId: location(l), quantity }] },
  });
  expect(data.inventorySetQuantities.userErrors).toEqual([]);
}

describe("inventory restore", () => {
  it("sets changed stock back to the snapshot", async () => {
    const chosen = levels.slice(0, 3);
    for (const l of chosen) await setStock(l.record, availableOf(l.record) + 7);
    const gids = chosen.map((l) => l.gid);
    expect((await h.mismatches("InventoryLevel", gids)).length).toBe(3);
    const { run } = await h.restore("InventoryLevel", gids);
    expect((await h.execute(run.id)).failed).toBe(0);
    expect(await h.mismatches("InventoryLevel", gids)).toEqual([]);
  });

  it("fails the step when stock moved between preview and restore (no overwrite of a sale)", async () => {
    const l = levels[3];
    await setStock(l.record, availableOf(l.record) + 5);
    const { run } = await h.restore("InventoryLevel", [l.gid]);
    await setStock(l.record, availableOf(l.record) + 4); // a sale after the preview
    const report = await h.execute(run.id);
    expect(report.failed).toBe(1);
    expect(JSON.stringify(report.records[0].userErrors)).toContain("COMPARE_QUANTITY_STALE");
    const [mismatch] = await h.mismatches("InventoryLevel", [l.gid]);
    expect(mismatch.diff).toEqual([{ path: "available", live: availableOf(l.record) + 4, target: availableOf(l.record) }]);
  });

  it("finds the levels of a product re-created by an earlier restore under their new GIDs", async () => {
    const products = await h.records("Product");
    const product = products.find((p) => ((p.record.variants ?? []) as JsonObject[]).some((v) => levels.some((l) => item(l.record) === String((v.inventoryItem as JsonObject).id)))) as (typeof products)[number];
    const items = new Set(((product.record.variants ?? []) as JsonObject[]).map((v) => String((v.inventoryItem as JsonObject).id)));
    const mine = levels.filter((l) => items.has(item(l.record)));
    await h.f.gql(`mutation($id: ID!) { productDelete(input: { id: $id }) { userErrors { message } } }`, { id: product.gid });
    const recreate = await h.restore("Product", [product.gid]);
    expect((await h.execute(recreate.run.id)).failed).toBe(0);
    // Stock of the re-created product moves afterwards; restoring the old level GIDs sets it back.
    const newItem = await h.journal.lookupGid(h.shop, item(mine[0].record));
    expect(newItem).toBeDefined();
    await setStock({ item: { id: newItem }, location: mine[0].record.location } as JsonObject, 999);
    const { run, plan } = await h.restore("InventoryLevel", mine.map((l) => l.gid));
    expect(plan.previews.find((p) => p.gid === mine[0].gid)?.action).toBe("update");
    expect((await h.execute(run.id)).failed).toBe(0);
    const live = await h.f.gql<{ inventoryItem: { inventoryLevel: { quantities: { quantity: number }[] } } }>(
      `query($i: ID!, $l: ID!) { inventoryItem(id: $i) { inventoryLevel(locationId: $l) { quantities(names: ["available"]) { quantity } } } }`,
      { i: newItem, l: location(mine[0].record) },
    );
    expect(live.inventoryItem.inventoryLevel.quantities[0].quantity).toBe(availableOf(mine[0].record));
  });
});
