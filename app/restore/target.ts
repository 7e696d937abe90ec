/** Reads of the snapshot side of a restore plan (records, variant metafields, inventory levels, media sources). */
import type { Repository } from "~/repo";
import { levelOf } from "./live";
import type { MediaSourceInfo } from "./product-input";
import type { LevelRecord } from "./product-view";
import type { JsonObject } from "./types";

/** A snapshot's record, or undefined when absent (redacted records read as absent too). */
export async function snapshotRecord(repository: Repository, snapshotId: string, type: string, gid: string): Promise<JsonObject | undefined> {
  return (await repository.getRecord(snapshotId, type, gid))?.record;
}

/**
 * Inventory levels of the given items at the snapshot. Levels are keyed by
 * their own GID, which says nothing portable about the item, so one pass over
 * the snapshot's InventoryLevel records collects them (no other record is
 * decrypted).
 */
export async function snapshotLevels(repository: Repository, snapshotId: string, itemIds: Set<string>): Promise<LevelRecord[]> {
  const out: LevelRecord[] = [];
  if (itemIds.size === 0) return out;
  for await (const entry of repository.readSnapshot(snapshotId, { types: ["InventoryLevel"] })) {
    if (!entry.record) continue;
    const level = levelOf(entry.record);
    if (level && itemIds.has(level.itemId)) out.push(level);
  }
  return out;
}

/** Backed-up byte references of media (MediaSource records). */
export async function snapshotMediaSources(repository: Repository, snapshotId: string, mediaIds: string[]): Promise<Map<string, MediaSourceInfo>> {
  const out = new Map<string, MediaSourceInfo>();
  for (const id of mediaIds) {
    const source = await snapshotRecord(repository, snapshotId, "MediaSource", id);
    if (source && typeof source.sha256 === "string") {
      out.set(id, { sha256: source.sha256, size: typeof source.size === "number" ? source.size : null, contentType: (source.contentType as string | null) ?? null });
    }
  }
  return out;
}
