/** Reads of the live store a restore plan needs, in the canonical shape the backup stores. */
import { products, variantMetafields } from "~/backup/types/products";
import { normaliseLevel } from "~/backup/types/inventory";
import type { CanonicalRecord, FetchContext } from "~/backup/types/module";
import * as Q from "~/shopify/queries/restore-products";
import type { LevelRecord } from "./product-view";
import type { JsonObject } from "./types";

/**
 * Where each snapshot GID lives now, when the journal knows (a record
 * re-created by an earlier restore, or a clone's counterpart in another shop).
 */
export async function mappedGids(gids: readonly string[], lookupGid: (gid: string) => Promise<string | undefined>): Promise<Map<string, string>> {
  const mapped = new Map<string, string>();
  for (const gid of gids) {
    const to = await lookupGid(gid);
    if (to) mapped.set(gid, to);
  }
  return mapped;
}

/**
 * The live GID a snapshot GID restores onto: its mapped counterpart when that
 * is live, else the GID itself when live; null when neither is. Into another
 * shop (`strict`) a source GID is never live as such, only its counterpart.
 */
export function liveGidResolver(mapped: ReadonlyMap<string, string>, live: { has(gid: string): boolean }, strict: boolean): (gid: string) => string | null {
  return (gid) => {
    const to = mapped.get(gid);
    if (to && live.has(to)) return to;
    return !strict && live.has(gid) ? gid : null;
  };
}

/** Live canonical Product records by GID (absent: deleted). */
export async function liveProducts(ctx: FetchContext, gids: string[]): Promise<Map<string, JsonObject>> {
  const out = new Map<string, JsonObject>();
  if (!products.byIds || gids.length === 0) return out;
  for await (const r of products.byIds(ctx, gids)) out.set(r.gid, r.record);
  return out;
}

/** Live variant metafields by variant GID. */
export async function liveVariantMetafields(ctx: FetchContext, variantGids: string[]): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  if (!variantMetafields.byIds || variantGids.length === 0) return out;
  for await (const r of variantMetafields.byIds(ctx, variantGids)) out.set(r.gid, r.record.metafields);
  return out;
}

/** A canonical InventoryLevel record as a (item, location, available) triple. */
export function levelOf(record: JsonObject): LevelRecord | undefined {
  const item = (record.item as JsonObject | null)?.id;
  const location = (record.location as JsonObject | null)?.id;
  const available = ((record.quantities ?? []) as JsonObject[]).find((q) => q.name === "available")?.quantity;
  if (typeof item !== "string" || typeof location !== "string" || typeof available !== "number") return undefined;
  return { itemId: item, locationId: location, available };
}

/** Live InventoryLevel records (canonical) of inventory items. */
export async function liveLevelRecords(ctx: FetchContext, itemGids: string[]): Promise<CanonicalRecord[]> {
  const out: CanonicalRecord[] = [];
  const BATCH = 10;
  for (let i = 0; i < itemGids.length; i += BATCH) {
    const { data } = await ctx.client.request<{ nodes: (JsonObject | null)[] }>(Q.RESTORE_LIVE_LEVELS, { ids: itemGids.slice(i, i + BATCH) }, { signal: ctx.signal });
    for (const node of data.nodes) {
      const levels = (node?.inventoryLevels as { edges: { node: JsonObject }[] } | undefined)?.edges ?? [];
      for (const edge of levels) out.push(normaliseLevel(edge.node));
    }
  }
  return out;
}

/** Live levels of inventory items as (item, location, available). */
export async function liveLevels(ctx: FetchContext, itemGids: string[]): Promise<LevelRecord[]> {
  return (await liveLevelRecords(ctx, itemGids)).map((r) => levelOf(r.record)).filter((l): l is LevelRecord => l !== undefined);
}

export interface LiveCollection {
  smart: boolean;
}

/** Which of these collections exist live, and whether they are smart. */
export async function liveCollections(ctx: FetchContext, gids: string[]): Promise<Map<string, LiveCollection>> {
  const out = new Map<string, LiveCollection>();
  for (let i = 0; i < gids.length; i += 50) {
    const { data } = await ctx.client.request<{ nodes: (JsonObject | null)[] }>(Q.RESTORE_COLLECTION_KINDS, { ids: gids.slice(i, i + 50) }, { signal: ctx.signal });
    for (const node of data.nodes) if (node && typeof node.id === "string") out.set(node.id, { smart: node.ruleSet != null });
  }
  return out;
}

/** The live product holding `handle`, or null. */
export async function liveProductByHandle(ctx: FetchContext, handle: string): Promise<{ id: string; createdAt: string } | null> {
  const { data } = await ctx.client.request<{ productByIdentifier: { id: string; handle: string; createdAt: string } | null }>(Q.RESTORE_PRODUCT_BY_HANDLE, { handle }, { signal: ctx.signal });
  return data.productByIdentifier;
}

/** GIDs of every live location. */
export async function liveLocations(ctx: FetchContext): Promise<Set<string>> {
  const { data } = await ctx.client.request<{ locations: { nodes: { id: string }[] } }>(Q.RESTORE_LOCATIONS, undefined, { signal: ctx.signal });
  return new Set(data.locations.nodes.map((n) => n.id));
}
