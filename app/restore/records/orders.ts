/**
 * Orders, on explicit request only: a deleted order is re-created as a NEW
 * order with orderCreate (new number and GID; no payment, fulfillments or
 * refunds replayed: docs/orders-export.md). An order that still exists is
 * never rewritten (Shopify keeps orders as financial records); export it
 * instead. orderCreate is not idempotent, so a send that got no answer is
 * reported, never resent.
 */
import { orders } from "~/backup/types/orders";
import { readSnapshotOrder, recreateOrder } from "../orders/recreate";
import type { JsonObject } from "../types";
import type { Fields, RecordRestorer } from "./restorer";
import { liveByModule } from "./shared";

export const ORDER_EXISTS = "The order still exists: Shopify keeps orders as financial records, so Snapshelf never rewrites one. Export it (CSV or JSONL) from the snapshot instead.";
export const ORDER_RECREATE_NOTE = "Re-created as a new order: new order number, no payment captured, fulfillments and refunds not replayed, no receipt sent.";
const UNANSWERED = "The re-create was sent but its answer was lost: the order may exist already. Look for the order attribute \"Snapshelf original order\" before re-creating it again.";

function money(r: JsonObject, field: string): string | null {
  const shop = (r[field] as JsonObject | null)?.shopMoney as JsonObject | undefined;
  return shop ? `${String(shop.amount)} ${String(shop.currencyCode)}` : null;
}

export const orderRestorer: RecordRestorer = {
  type: "Order",
  noun: "order",
  limits: [ORDER_RECREATE_NOTE],
  createOnly: ORDER_EXISTS,
  resendUnsafe: UNANSWERED,
  // Only what identifies the order in the preview: no personal data reaches the journal.
  fields: (r): Fields => ({ name: r.name ?? null, processedAt: r.processedAt ?? null, total: money(r, "totalPriceSet"), lineItems: ((r.lineItems ?? []) as unknown[]).length }),
  title: (r) => String(r.name ?? r.id),
  live: (ctx, gids) => liveByModule(orders, ctx, gids, "Order"),
  holder: async () => null,
  async write(ctx, { source }) {
    const snapshotOrder = await readSnapshotOrder(source.repository, source.snapshotId, source.gid);
    if (!snapshotOrder) return { id: null, userErrors: [{ message: "The order is not in the snapshot" }] };
    const result = await recreateOrder(ctx, { order: snapshotOrder.order, personal: snapshotOrder.personal, mapGid: source.lookupGid });
    if (!result.ok) return { id: null, userErrors: result.userErrors as unknown as JsonObject[] };
    return { id: result.newGid, userErrors: [] };
  },
  remove: async () => ({ id: null, userErrors: [{ message: "Snapshelf does not delete orders." }] }),
};
