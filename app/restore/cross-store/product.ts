/**
 * A snapshot product made ready for another shop: its collections and
 * metafield references become the target shop's GIDs (or are dropped when
 * the target has no counterpart), its stock levels move to the location of
 * the same name. Variant, item and media GIDs stay: the planner only uses
 * them to join the snapshot's own records, never to address the target.
 */
import type { LevelRecord } from "../product-view";
import type { JsonObject } from "../types";
import { gidsIn } from "../records/fields";
import { relinkStrict } from "./strict-relink";

type Lookup = (gid: string) => Promise<string | undefined>;

async function mapOf(gids: Iterable<string>, lookup: Lookup): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (const gid of gids) {
    const to = await lookup(gid);
    if (to) map.set(gid, to);
  }
  return map;
}

export async function productForTarget(record: JsonObject, lookup: Lookup): Promise<JsonObject> {
  const collections = (record.collections ?? []) as JsonObject[];
  const collectionMap = await mapOf(collections.map((c) => String(c.id)), lookup);
  const metafields = (record.metafields ?? []) as JsonObject[];
  const refMap = await mapOf(gidsIn(metafields), lookup);
  return {
    ...record,
    collections: collections.filter((c) => collectionMap.has(String(c.id))).map((c) => ({ ...c, id: collectionMap.get(String(c.id)) as string })),
    metafields: (relinkStrict(metafields, refMap) as JsonObject[]).filter((m) => m.value !== null),
  };
}

/** Levels at locations the target shop has (by the name mapping); the rest are left out. */
export async function levelsForTarget(levels: LevelRecord[], lookup: Lookup): Promise<LevelRecord[]> {
  const map = await mapOf(new Set(levels.map((l) => l.locationId)), lookup);
  return levels.filter((l) => map.has(l.locationId)).map((l) => ({ ...l, locationId: map.get(l.locationId) as string }));
}
