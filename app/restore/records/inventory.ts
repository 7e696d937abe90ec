/**
 * Inventory levels on their own ("put the stock back as it was"): the
 * available quantity of an item at a location, set with
 * inventorySetQuantities against the quantity the plan saw (compare-and-set),
 * so a sale between preview and restore fails the step instead of being
 * overwritten. A level of a re-created product is found by item and
 * location (its GID changed with the item).
 */
import { inventory } from "~/backup/types/inventory";
import * as Q from "~/shopify/queries/restore-records";
import type { JsonObject } from "../types";
import type { Fields, RecordRestorer } from "./restorer";
import { liveByModule } from "./shared";

const available = (r: JsonObject) => ((r.quantities ?? []) as JsonObject[]).find((q) => q.name === "available")?.quantity ?? null;

export const LEVEL_NOT_STOCKED = "The item is no longer stocked at that location: activate it there (or restore its product) first.";

export const inventoryLevelRestorer: RecordRestorer = {
  type: "InventoryLevel",
  noun: "inventory level",
  limits: ["Only the available quantity is set; incoming, committed and reserved follow from orders and transfers."],
  noCreate: LEVEL_NOT_STOCKED,
  fields: (r: JsonObject): Fields => ({ item: (r.item as JsonObject | null)?.id ?? null, location: (r.location as JsonObject | null)?.id ?? null, available: available(r) }),
  title: (r) => `${String((r.item as JsonObject | null)?.sku || (r.item as JsonObject | null)?.id)} @ ${String((r.location as JsonObject | null)?.id)}`,
  live: (ctx, gids) => liveByModule(inventory, ctx, gids),
  async locate(ctx, f) {
    if (typeof f.item !== "string" || typeof f.location !== "string") return null;
    const { data } = await ctx.client.request<{ inventoryItem: { inventoryLevel: { id: string } | null } | null }>(Q.RESTORE_LEVEL_AT, { item: f.item, location: f.location }, { signal: ctx.signal });
    return data.inventoryItem?.inventoryLevel?.id ?? null;
  },
  holder: async () => null,
  async write(ctx, { liveGid, fields: f, before }) {
    if (!liveGid) return { id: null, userErrors: [{ message: LEVEL_NOT_STOCKED }] };
    const quantities = [{ inventoryItemId: f.item, locationId: f.location, quantity: f.available, compareQuantity: before?.available ?? null }];
    const { data } = await ctx.client.request<{ inventorySetQuantities: { userErrors: JsonObject[] } }>(
      Q.RESTORE_LEVEL_SET,
      { input: { name: "available", reason: "correction", referenceDocumentUri: "snapshelf://restore/inventory", quantities } },
      { signal: ctx.signal },
    );
    const errors = data.inventorySetQuantities.userErrors;
    if (errors.length && errors.every((e) => e.code === "COMPARE_QUANTITY_STALE")) {
      // Resent after a crash: the first send may have landed already; then the stock already equals the target.
      const now = (await liveByModule(inventory, ctx, [liveGid])).get(liveGid);
      if (now && available(now) === f.available) return { id: liveGid, userErrors: [] };
    }
    return { id: liveGid, userErrors: errors };
  },
  remove: async () => ({ id: null, userErrors: [{ message: "Snapshelf does not deactivate inventory at a location: do it in the admin if you mean to." }] }),
};
