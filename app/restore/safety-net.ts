/**
 * The safety net: before a restore writes anything, the live state of every
 * product it touches (with inventory levels, variant metafields and image
 * bytes) is committed as an incremental snapshot on top of the newest one.
 * Restoring that snapshot (with deleteAbsent, for products the restore
 * re-created) undoes the restore.
 */
import { withMediaBlobs, type MediaStats } from "~/backup/media-blobs";
import type { CanonicalRecord, FetchContext } from "~/backup/types/module";
import type { Repository, SnapshotInfo } from "~/repo";
import { variantMetafields } from "~/backup/types/products";
import { liveLevelRecords, liveProducts } from "./live";
import type { JsonObject } from "./types";

export interface SafetyNetInput {
  repository: Repository;
  fetch: FetchContext;
  runId: string;
  /** Snapshot GIDs the run restores, each with the GID it has live now (if any). */
  products: { gid: string; liveGid: string | null }[];
}

/** Writes the pre-restore snapshot; resolves with it. */
export async function writeSafetyNet(input: SafetyNetInput): Promise<SnapshotInfo> {
  const { fetch: ctx } = input;
  const liveGids = input.products.map((p) => p.liveGid).filter((g): g is string => g !== null);
  const live = await liveProducts(ctx, liveGids);
  const records: CanonicalRecord[] = [];
  const tombstones: string[] = [];
  const items: string[] = [];
  const variants: string[] = [];
  for (const { gid, liveGid } of input.products) {
    const record = liveGid ? live.get(liveGid) : undefined;
    // The snapshot's GID gets a tombstone when the product is not live under it: undo then deletes whatever the restore made.
    if (!record || liveGid !== gid) tombstones.push(gid);
    if (!record || !liveGid) continue;
    records.push({ type: "Product", gid: liveGid, record });
    for (const v of (record.variants ?? []) as JsonObject[]) {
      variants.push(String(v.id));
      const item = (v.inventoryItem as JsonObject | null)?.id;
      if (typeof item === "string") items.push(item);
    }
  }
  records.push(...(await liveLevelRecords(ctx, items)));
  if (variantMetafields.byIds) for await (const r of variantMetafields.byIds(ctx, variants)) records.push(r);
  const parent = (await input.repository.listSnapshots()).at(-1);
  const lookup = parent ? async (type: string, gid: string) => (await input.repository.getRecord(parent.id, type, gid).catch(() => undefined))?.record : undefined;
  const stats: MediaStats = { images: 0, downloaded: 0, reused: 0, downloadedBytes: 0 };
  async function* stream() {
    yield* records;
  }
  const withBytes = withMediaBlobs(stream(), ctx, lookup, stats);
  return input.repository.writeSnapshot({
    kind: "incremental",
    parent: parent?.id,
    records: (async function* () {
      for await (const r of withBytes) yield { type: r.type, gid: r.gid, record: r.record as object };
      for (const gid of tombstones) yield { type: "Product", gid, record: null };
    })(),
    tags: { trigger: "pre-restore", restoreRun: input.runId },
  });
}
