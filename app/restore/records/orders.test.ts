/**
 * Orders through the restore framework: a deleted order is re-created as a
 * new order (line items, totals and customer as backed up), once; an order
 * that exists is never rewritten; an unanswered send is not resent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../types";
import { ORDER_EXISTS, ORDER_RECREATE_NOTE } from "./orders";
import { dyingClient, recordHarness, type RecordHarness } from "./test-harness";

let h: RecordHarness;
let list: { gid: string; record: JsonObject }[];
beforeAll(async () => {
  h = await recordHarness(["products", "customers", "orders"]);
  list = await h.records("Order");
}, 60_000);
afterAll(() => h?.close());

const DELETE = `mutation($id: ID!) { orderDelete(orderId: $id) { deletedId userErrors { message } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { name totalPriceSet { shopMoney { amount } } lineItems(first: 50) { nodes { title quantity } } customer { id } } }`;
type Live = { order: { name: string; totalPriceSet: { shopMoney: { amount: string } }; lineItems: { nodes: { title: string; quantity: number }[] }; customer: { id: string } | null } | null };

describe("order re-create through the restore framework", () => {
  it("re-creates a deleted order once, as a new order, and leaves an existing one alone", async () => {
    const [gone, kept] = list;
    const deleted = await h.f.gql<{ orderDelete: { deletedId: string | null } }>(DELETE, { id: gone.gid });
    expect(deleted.orderDelete.deletedId).toBe(gone.gid);
    const { run, plan } = await h.restore("Order", [gone.gid, kept.gid]);
    expect(plan.previews.find((p) => p.gid === gone.gid)).toMatchObject({ action: "create", notes: [ORDER_RECREATE_NOTE] });
    // An order that still exists is never written (unchanged here; a changed one is skipped with ORDER_EXISTS).
    expect(plan.skipped).toContainEqual({ gid: kept.gid, reason: "Already equal to the snapshot" });
    expect(ORDER_EXISTS).toMatch(/never rewrites/);
    const report = await h.execute(run.id);
    expect(report.failed).toBe(0);
    const newGid = (await h.journal.lookupGid(h.shop, gone.gid)) as string;
    expect(newGid).not.toBe(gone.gid);
    const live = await h.f.gql<Live>(ORDER, { id: newGid });
    const backedUp = gone.record;
    expect(live.order?.totalPriceSet.shopMoney.amount).toBe(((backedUp.totalPriceSet as JsonObject).shopMoney as JsonObject).amount);
    expect(live.order?.lineItems.nodes.map((l) => [l.title, l.quantity])).toEqual(((backedUp.lineItems ?? []) as JsonObject[]).map((l) => [l.title, l.quantity]));
    // Planning again finds the re-created order: never a second one.
    const again = await h.restore("Order", [gone.gid]);
    expect(again.plan.steps).toEqual([]);
  });

  it("does not resend a re-create whose answer was lost", async () => {
    const gone = list[2];
    const COUNT = `query { ordersCount { count } }`;
    const before = (await h.f.gql<{ ordersCount: { count: number } }>(COUNT)).ordersCount.count;
    await h.f.gql(DELETE, { id: gone.gid });
    const dying = dyingClient(h.f.client, "orderCreate");
    const { run } = await h.restore("Order", [gone.gid]);
    await expect(h.execute(run.id, dying)).rejects.toThrow(/killed/);
    const report = await h.execute(run.id);
    expect(report.failed).toBe(1);
    expect(JSON.stringify(report.records[0].userErrors)).toContain("Snapshelf original order");
    // One deleted, one re-created by the lost send, none by the resume.
    expect((await h.f.gql<{ ordersCount: { count: number } }>(COUNT)).ordersCount.count).toBe(before);
  });
});
