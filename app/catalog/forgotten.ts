/**
 * After retention forgets snapshots, the catalog must stop naming them: the
 * snapshot list would offer snapshots that no longer open, and a version's
 * history would link to its first snapshot after that was forgotten.
 *
 * Runs are fixed in place instead of rebuilding the catalog (a rebuild reads
 * every kept snapshot: an hour on a large store). Forgotten snapshots fall
 * into gaps between kept ones; in a gap (after kept A, before kept B):
 *   - a closed run that began in the gap and ended before B spans no kept
 *     snapshot: it is deleted;
 *   - a run that began in the gap and survives spans B: it now begins at B;
 *   - a closed run that ended in the gap now ends at A.
 * A gap's statements list its forgotten ids, so the number of table scans
 * follows the gaps (about one per retention run), not the snapshots.
 */
import type { Db } from "~/db.server";
import { countInChunks } from "~/db/in-chunks";
import type { Repository } from "~/repo";
import { rebuildCatalog } from "./catalog";

interface Kept {
  id: string;
  takenAt: Date;
}
interface Gap {
  before: Kept | null;
  after: Kept | null;
  gone: string[];
}

/**
 * Drops catalog snapshots the repository no longer holds and fixes the
 * versions that named them. Compares against the repository's list (not a
 * forget result), so a retention run that died after forgetting is made good
 * by the next one.
 */
export async function dropForgottenSnapshots(db: Db, repository: Repository): Promise<{ dropped: number; rebuilt: boolean }> {
  const shop = repository.shop;
  // The catalog is read first: a snapshot committed after listSnapshots could otherwise be taken for forgotten.
  const rows = await db.snapshotCatalog.findMany({ where: { shop }, select: { id: true, takenAt: true, cataloguedAt: true }, orderBy: { id: "asc" } });
  const held = new Set((await repository.listSnapshots()).map((s) => s.id));
  const gone = rows.filter((r) => !held.has(r.id)).map((r) => r.id);
  if (gone.length === 0) return { dropped: 0, rebuilt: false };
  const catalogued = rows.filter((r) => r.cataloguedAt);
  const newest = catalogued.at(-1);
  if (newest && !held.has(newest.id)) {
    // The next snapshot is catalogued from its diff against the newest catalogued one, which is gone: start over.
    await rebuildCatalog(db, repository);
    return { dropped: gone.length, rebuilt: true };
  }
  const gaps = gapsOf(
    rows.map((r) => r.id),
    new Set(gone),
    catalogued.filter((r) => held.has(r.id)),
  );
  // Deletes first: a dead run is recognised by both its ends still naming the gap.
  for (const gap of gaps) {
    const { after, before } = gap;
    if (!after) {
      // Newer than the newest catalogued snapshot: never fully catalogued. Undo what a cataloguing may have begun.
      await countInChunks(gap.gone, (ids) => db.recordVersion.deleteMany({ where: { shop, firstSeenSnapshot: { in: ids } } }));
      if (before) await db.recordVersion.updateMany({ where: { shop, current: false, lastSeenSnapshot: before.id }, data: { current: true } });
      continue;
    }
    await countInChunks(gap.gone, (ids) => db.recordVersion.deleteMany({ where: { shop, current: false, firstSeenSnapshot: { in: ids }, lastSeenSnapshot: { lt: after.id } } }));
  }
  for (const gap of gaps) {
    const { after, before } = gap;
    if (after) {
      await countInChunks(gap.gone, (ids) =>
        db.recordVersion.updateMany({ where: { shop, firstSeenSnapshot: { in: ids } }, data: { firstSeenSnapshot: after.id, firstSeenAt: after.takenAt } }),
      );
    }
    if (before && after) {
      await countInChunks(gap.gone, (ids) =>
        db.recordVersion.updateMany({ where: { shop, current: false, lastSeenSnapshot: { in: ids } }, data: { lastSeenSnapshot: before.id, lastSeenAt: before.takenAt } }),
      );
    }
  }
  await countInChunks(gone, (ids) => db.snapshotCatalog.deleteMany({ where: { shop, id: { in: ids } } }));
  return { dropped: gone.length, rebuilt: false };
}

/** Gone ids grouped by the kept (catalogued) snapshots around them, in id order. */
function gapsOf(ids: string[], gone: Set<string>, kept: Kept[]): Gap[] {
  const gaps: Gap[] = [];
  let k = 0;
  let before: Kept | null = null;
  let current: Gap | null = null;
  for (const id of ids) {
    while (k < kept.length && kept[k].id < id) before = kept[k++];
    if (!gone.has(id)) continue;
    if (!current || current.before !== before) {
      current = { before, after: kept[k] ?? null, gone: [] };
      gaps.push(current);
    }
    current.gone.push(id);
  }
  return gaps;
}
