/**
 * The restore planner: for a selection of products it reads the snapshot
 * and the live store, computes the field-level diff, applies the merchant's
 * per-field choices and produces the ordered, journaled steps (product via
 * productSet with collections and new-variant stock → inventory
 * compare-and-set). Nothing is written here: the plan is the preview.
 */
import type { FetchContext } from "~/backup/types/module";
import type { Repository } from "~/repo";
import { liveCollections, liveGidResolver, liveLevels, liveLocations, liveProductByHandle, liveProducts, liveVariantMetafields, mappedGids } from "./live";
import { chosenSet, diffProduct, mergeProduct } from "./product-diff";
import { productWrites, type CollectionInfo } from "./product-input";
import { productView, type LevelRecord } from "./product-view";
import { levelsForTarget, productForTarget } from "./cross-store/product";
import { planMultiType } from "./multi-type";
import { planRecordRestore } from "./records/planner";
import { resolveSelection } from "./selection";
import { snapshotLevels, snapshotMediaSources, snapshotRecord } from "./target";
import type { FieldChoices, JsonObject, PlanStep, ProductPreview, RecordNote, RestorePlan, RestoreSelection } from "./types";

export interface PlanInput {
  repository: Repository;
  fetch: FetchContext;
  shop: string;
  selection: RestoreSelection;
  choices?: FieldChoices;
  /** Old → new GID lookups (the journal's GID map). */
  lookupGid(oldGid: string): Promise<string | undefined>;
  /** Products absent from the snapshot are deleted (undo of a re-create); default: skipped. */
  deleteAbsent?: boolean;
}

const variantIds = (record: JsonObject | undefined) => ((record?.variants ?? []) as JsonObject[]).map((v) => String(v.id));
const itemIds = (record: JsonObject | undefined) =>
  ((record?.variants ?? []) as JsonObject[]).map((v) => (v.inventoryItem as JsonObject | null)?.id).filter((id): id is string => typeof id === "string");

function levelsOf(levels: LevelRecord[], record: JsonObject | undefined): LevelRecord[] {
  const items = new Set(itemIds(record));
  return levels.filter((l) => items.has(l.itemId));
}

/** Plans a restore; the result is shown as the preview and stored in the journal. */
export async function planRestore(input: PlanInput): Promise<RestorePlan> {
  // Several types at once: each planned by its own planner, joined in dependency order.
  if (input.selection.type === "*") return planMultiType(input, planRestore);
  // Every type but products goes through the generic record planner.
  if (input.selection.type !== "Product") return planRecordRestore(input);
  const { repository, fetch: ctx } = input;
  const resolved = await resolveSelection(repository, input.selection);
  const { snapshotId } = resolved;
  const skipped: RecordNote[] = [...resolved.notes];

  const targets = new Map<string, JsonObject>();
  for (const gid of resolved.gids) {
    const record = await snapshotRecord(repository, snapshotId, "Product", gid);
    if (record) targets.set(gid, record);
  }
  // A product re-created by an earlier restore lives on under its new GID.
  const mapped = await mappedGids(resolved.gids, input.lookupGid);
  // Into another shop (a clone), a source GID is never live as such: only its mapped counterpart is.
  const strict = Boolean(input.selection.sourceShop);
  if (strict) for (const [gid, record] of targets) targets.set(gid, await productForTarget(record, input.lookupGid));
  const live = await liveProducts(ctx, [...new Set([...(strict ? [] : resolved.gids), ...mapped.values()])]);
  const liveGidOf = liveGidResolver(mapped, live, strict);

  const targetVariantMetafields = new Map<string, unknown>();
  for (const record of targets.values()) {
    for (const id of variantIds(record)) {
      const vm = await snapshotRecord(repository, snapshotId, "ProductVariantMetafields", id);
      if (vm) targetVariantMetafields.set(id, vm.metafields);
    }
  }
  const liveRecords = resolved.gids.map((gid) => liveGidOf(gid)).filter((g): g is string => g !== null).map((g) => live.get(g) as JsonObject);
  const [tLevels, lLevels, lVariantMetafields] = await Promise.all([
    snapshotLevels(repository, snapshotId, new Set([...targets.values()].flatMap(itemIds))).then((levels) => (strict ? levelsForTarget(levels, input.lookupGid) : levels)),
    liveLevels(ctx, liveRecords.flatMap(itemIds)),
    liveVariantMetafields(ctx, liveRecords.flatMap(variantIds)),
  ]);

  const collectionIds = new Set<string>();
  for (const record of [...targets.values(), ...liveRecords]) for (const c of (record.collections ?? []) as JsonObject[]) collectionIds.add(String(c.id));
  const relinked = new Map<string, string>();
  // (Into another shop the snapshot's collections are already the target's: productForTarget.)
  for (const id of collectionIds) relinked.set(id, strict ? id : ((await input.lookupGid(id)) ?? id));
  const kinds = await liveCollections(ctx, [...new Set(relinked.values())]);
  const collections = new Map<string, CollectionInfo>();
  for (const [id, to] of relinked) {
    const kind = kinds.get(to) ?? kinds.get(id);
    collections.set(id, { liveGid: kind ? (kinds.has(to) ? to : id) : null, smart: kind?.smart ?? false });
  }
  const locations = await liveLocations(ctx);
  const mediaSources = await snapshotMediaSources(repository, snapshotId, [...targets.values()].flatMap((r) => ((r.media ?? []) as JsonObject[]).map((m) => String(m.id))));

  const previews: ProductPreview[] = [];
  const steps: PlanStep[] = [];
  const affected: string[] = [];
  const choices = input.choices ?? "all";
  let seq = 0;
  for (const gid of resolved.gids) {
    const target = targets.get(gid);
    const liveGid = liveGidOf(gid);
    const liveRecord = liveGid ? live.get(liveGid) : undefined;
    if (!target) {
      if (input.deleteAbsent && liveGid && liveRecord && !(liveGid !== gid && resolved.gids.includes(liveGid))) {
        previews.push({ gid, title: String(liveRecord.title), action: "delete", liveGid, diff: [], notes: ["Absent from the snapshot: the product is deleted"] });
        steps.push({ seq: seq++, kind: "productDelete", recordGid: gid, input: { id: liveGid }, summary: `Delete ${String(liveRecord.title)}` });
        affected.push(gid);
      } else skipped.push({ gid, reason: "Not in the snapshot" });
      continue;
    }
    const title = String(target.title);
    const tView = productView(target, levelsOf(tLevels, target), targetVariantMetafields);
    const lView = liveRecord ? productView(liveRecord, levelsOf(lLevels, liveRecord), lVariantMetafields) : undefined;
    const diff = diffProduct(lView, tView);
    const notes: string[] = [];
    if (!lView) {
      const holder = await liveProductByHandle(ctx, String(tView.scalars.handle));
      if (holder) {
        skipped.push({ gid, reason: `Deleted, and its handle "${String(tView.scalars.handle)}" is now used by ${holder.id}` });
        previews.push({ gid, title, action: "none", liveGid: null, diff, notes: ["Handle taken by another product: not re-created"] });
        continue;
      }
    }
    const picked = choices === "all" ? "all" : (choices[gid] ?? "all");
    const merged = mergeProduct(lView, tView, chosenSet(diff, picked));
    const writes = productWrites(lView, merged, { collections, mediaSources, locations });
    notes.push(...writes.notes);
    if (writes.productSet) {
      steps.push({
        seq: seq++,
        kind: "productSet",
        recordGid: gid,
        input: writes.productSet as unknown as JsonObject,
        summary: `${writes.productSet.create ? "Re-create" : "Update"} ${title}`,
      });
    }
    if (writes.inventory) steps.push({ seq: seq++, kind: "inventory", recordGid: gid, input: writes.inventory, summary: `Stock of ${title}` });
    const action = !lView ? "create" : writes.productSet || writes.inventory ? "update" : "none";
    if (action === "none") skipped.push({ gid, reason: diff.length ? "Nothing chosen differs from the live product" : "Already equal to the snapshot" });
    else affected.push(gid);
    previews.push({ gid, title, action, liveGid, diff, notes });
  }
  return { snapshotId, previews, steps, skipped, affected };
}
