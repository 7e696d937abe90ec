/** Locations and inventory levels per location (one record per level, so one stock change stores one small record). */
import * as Q from "~/shopify/queries/backup-products";
import { omit, plain, refId, type JsonObject } from "../normalise";
import type { ChildPages } from "./child-pages";
import type { CanonicalRecord, RecordTypeModule } from "./module";
import { bulkRecords, byIdRecords, pagedRecords } from "./sources";

/** One InventoryLevel: quantities by name (restore compares them). */
export function normaliseLevel(raw: JsonObject, locationId?: string): CanonicalRecord {
  const level = plain(raw) as JsonObject;
  const quantities = [...((level.quantities as JsonObject[] | undefined) ?? [])].sort((a, b) => (String(a.name) < String(b.name) ? -1 : 1));
  const record: JsonObject = { ...level, location: { id: refId(level.location) ?? locationId ?? null }, quantities };
  return { type: "InventoryLevel", gid: String(level.id), record };
}

/** A Location and its levels. */
export function normaliseLocation(raw: JsonObject): CanonicalRecord[] {
  const location = plain(raw) as JsonObject;
  const id = String(location.id);
  const levels = (location.inventoryLevels as JsonObject[] | undefined) ?? [];
  return [{ type: "Location", gid: id, record: omit(location, ["inventoryLevels"]) }, ...levels.map((level) => normaliseLevel(level, id))];
}

const LOCATION_PAGES: ChildPages = { inventoryLevels: Q.BACKUP_LOCATION_MORE_LEVELS };

export const inventory: RecordTypeModule = {
  name: "inventory",
  dataType: "inventory",
  types: ["Location", "InventoryLevel"],
  bulk: true,
  countField: "locationsCount",
  normalise: normaliseLocation,
  // A location can hold hundreds of thousands of levels: it arrives in parts, never assembled whole.
  full: (ctx) => bulkRecords(ctx, "inventory", Q.BACKUP_LOCATIONS_BULK, normaliseLocation, { splitRoots: true }),
  paged: (ctx) => pagedRecords(ctx, Q.BACKUP_LOCATIONS_PAGE, "locations", 2, normaliseLocation, {}, LOCATION_PAGES),
  // Levels are re-fetched by their own GID (inventory_levels/* topics name the level).
  byIds: (ctx, ids) => byIdRecords(ctx, Q.BACKUP_INVENTORY_LEVELS_BY_ID, ids, 50, (raw) => [normaliseLevel(raw)]),
};
