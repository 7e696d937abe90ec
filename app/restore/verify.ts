/** Field-by-field check of live products against a snapshot (through the GID map), for tests, benchmarks and drills. */
import type { FetchContext } from "~/backup/types/module";
import type { Repository } from "~/repo";
import { levelsForTarget, productForTarget } from "./cross-store/product";
import { liveLevels, liveProducts, liveVariantMetafields } from "./live";
import { diffProduct } from "./product-diff";
import { productView } from "./product-view";
import { snapshotLevels, snapshotRecord } from "./target";
import type { FieldDiff, JsonObject } from "./types";

export interface ProductMismatch {
  gid: string;
  liveGid: string | null;
  diff: FieldDiff[];
}

const items = (r: JsonObject) => ((r.variants ?? []) as JsonObject[]).map((v) => (v.inventoryItem as JsonObject | null)?.id).filter((x): x is string => typeof x === "string");
const variants = (r: JsonObject) => ((r.variants ?? []) as JsonObject[]).map((v) => String(v.id));

/** Products whose live state differs from the snapshot (a missing product differs in every field). */
export async function compareProducts(
  repository: Repository,
  snapshotId: string,
  ctx: FetchContext,
  gids: string[],
  lookupGid: (gid: string) => Promise<string | undefined>,
  /** The live store is another shop than the snapshot's: compare as the cross-store restore maps (collections, references, locations). */
  options: { crossStore?: boolean } = {},
): Promise<ProductMismatch[]> {
  const liveGid = new Map<string, string>();
  for (const gid of gids) liveGid.set(gid, (await lookupGid(gid)) ?? (options.crossStore ? "" : gid));
  const live = await liveProducts(ctx, [...liveGid.values()].filter(Boolean));
  const targets = new Map<string, JsonObject>();
  for (const gid of gids) {
    const r = await snapshotRecord(repository, snapshotId, "Product", gid);
    if (r) targets.set(gid, options.crossStore ? await productForTarget(r, lookupGid) : r);
  }
  const levels = await snapshotLevels(repository, snapshotId, new Set([...targets.values()].flatMap(items)));
  const tLevels = options.crossStore ? await levelsForTarget(levels, lookupGid) : levels;
  const liveRecords = [...live.values()];
  const lLevels = await liveLevels(ctx, liveRecords.flatMap(items));
  const lVmf = await liveVariantMetafields(ctx, liveRecords.flatMap(variants));
  const tVmf = new Map<string, unknown>();
  for (const r of targets.values()) {
    for (const id of variants(r)) {
      const vm = await snapshotRecord(repository, snapshotId, "ProductVariantMetafields", id);
      if (vm) tVmf.set(id, vm.metafields);
    }
  }
  const out: ProductMismatch[] = [];
  for (const [gid, target] of targets) {
    const now = live.get(liveGid.get(gid) as string);
    const tItems = new Set(items(target));
    const diff = diffProduct(
      now ? productView(now, lLevels.filter((l) => items(now).includes(l.itemId)), lVmf) : undefined,
      productView(target, tLevels.filter((l) => tItems.has(l.itemId)), tVmf),
    );
    if (diff.length) out.push({ gid, liveGid: now ? String(now.id) : null, diff });
  }
  return out;
}
