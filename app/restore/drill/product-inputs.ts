/**
 * The restore half of a drill: for each sampled product, the exact productSet
 * variables a restore would send to re-create it from the snapshot (no live
 * product: the disaster case). Built by the planner's own pieces
 * (productView → productWrites with no live side) from the snapshot's
 * records: variant metafields, inventory levels, collections, media sources.
 * Nothing here talks to Shopify: collections in the snapshot are taken as
 * present (a full restore brings them back first) and every snapshot
 * location as live.
 */
import { IntegrityError } from "~/errors";
import type { Repository } from "~/repo";
import { productWrites, type CollectionInfo, type MediaSourceInfo } from "../product-input";
import { productView, type LevelRecord } from "../product-view";
import { snapshotLevels, snapshotMediaSources, snapshotRecord } from "../target";
import type { JsonObject } from "../types";
import type { DrillProblem } from "./types";

/** The variables of one RESTORE_PRODUCT_SET request. */
export interface ProductRestoreInput {
  gid: string;
  title: string;
  variables: { identifier: JsonObject; input: JsonObject };
  /** What the planner would tell the merchant (media it cannot re-upload, …). */
  notes: string[];
}

const list = (value: unknown) => (Array.isArray(value) ? (value as JsonObject[]) : []);
const itemIds = (record: JsonObject) => list(record.variants).map((v) => (v.inventoryItem as JsonObject | null)?.id).filter((id): id is string => typeof id === "string");

/** Runs a read of snapshot records; damage becomes a problem and `fallback`. */
async function guarded<T>(problems: DrillProblem[], what: Omit<DrillProblem, "kind" | "message">, label: string, read: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof IntegrityError)) throw error;
    problems.push({ kind: "input", ...what, message: `${label} does not read back intact: ${error.message}` });
    return fallback;
  }
}

/** Re-create inputs for the given intact Product records (by GID). */
export async function recreateInputs(repository: Repository, snapshotId: string, products: Map<string, JsonObject>): Promise<{ inputs: ProductRestoreInput[]; problems: DrillProblem[] }> {
  const problems: DrillProblem[] = [];
  const records = [...products.values()];
  const variantMetafields = new Map<string, unknown>();
  for (const record of records) {
    for (const variant of list(record.variants)) {
      const id = String(variant.id);
      const product = { type: "Product", gid: String(record.id), title: String(record.title) };
      const vm = await guarded(problems, product, `Variant metafields of ${id}`, () => snapshotRecord(repository, snapshotId, "ProductVariantMetafields", id), undefined);
      if (vm) variantMetafields.set(id, vm.metafields);
    }
  }
  const levels = await guarded<LevelRecord[]>(problems, { type: "InventoryLevel" }, "The snapshot's inventory levels", () => snapshotLevels(repository, snapshotId, new Set(records.flatMap(itemIds))), []);

  const collections = new Map<string, CollectionInfo>();
  for (const id of new Set(records.flatMap((r) => list(r.collections).map((c) => String(c.id))))) {
    const record = await guarded(problems, { type: "Collection", gid: id }, `Collection ${id}`, () => snapshotRecord(repository, snapshotId, "Collection", id), undefined);
    collections.set(id, { liveGid: record ? id : null, smart: record?.ruleSet != null });
  }
  const mediaIds = records.flatMap((r) => list(r.media).map((m) => String(m.id)));
  const mediaSources = await guarded(problems, { type: "MediaSource" }, "Media sources", () => snapshotMediaSources(repository, snapshotId, mediaIds), new Map<string, MediaSourceInfo>());
  const locations = new Set(levels.map((l) => l.locationId));

  const inputs: ProductRestoreInput[] = [];
  for (const record of records) {
    const gid = String(record.id);
    const title = String(record.title);
    try {
      const items = new Set(itemIds(record));
      const view = productView(record, levels.filter((l) => items.has(l.itemId)), variantMetafields);
      const writes = productWrites(undefined, view, { collections, mediaSources, locations });
      if (!writes.productSet) {
        problems.push({ kind: "input", type: "Product", gid, title, message: `No productSet input could be built for ${title}` });
        continue;
      }
      const input = structuredClone(writes.productSet.input);
      const files = input.files as JsonObject[] | undefined;
      // The executor fills these at run time (the CDN original while served, else a staged upload's resourceUrl):
      // a String either way, so a stand-in URL validates the same. Nothing is fetched or uploaded here.
      for (const m of writes.productSet.media) if (files?.[m.index]) files[m.index] = { ...files[m.index], originalSource: m.url ?? `snapshelf-drill://staged-upload/${m.mediaGid.split("/").pop()}` };
      inputs.push({ gid, title, variables: { identifier: writes.productSet.identifier, input }, notes: writes.notes });
    } catch (error) {
      // A record the input builder cannot read is exactly what a drill is for.
      problems.push({ kind: "input", type: "Product", gid, title, message: `Building the restore input of ${title} failed: ${(error as Error).message}` });
    }
  }
  return { inputs, problems };
}
