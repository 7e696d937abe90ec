/** Read side of the catalog for the UI: snapshot lists, records of a snapshot with search, a GID's history. */
import type { Db } from "~/db.server";

/**
 * Versions whose run spans snapshot `snapshotId`: begun at or before it, and
 * either closed at or after it or still current (a current run is held
 * through the newest catalogued snapshot; see catalog.ts).
 */
export function spanningSnapshot(shop: string, snapshotId: string) {
  return { shop, firstSeenSnapshot: { lte: snapshotId }, OR: [{ current: true }, { lastSeenSnapshot: { gte: snapshotId } }] };
}

/** The newest catalogued snapshot: where every current run is last seen. */
async function newestCatalogued(db: Db, shop: string): Promise<{ id: string; takenAt: Date } | null> {
  return db.snapshotCatalog.findFirst({ where: { shop, cataloguedAt: { not: null } }, orderBy: { id: "desc" }, select: { id: true, takenAt: true } });
}

export interface SnapshotRow {
  id: string;
  kind: string;
  takenAt: Date;
  finishedAt: Date | null;
  recordCount: number;
  status: string;
  countsPerType: Record<string, number>;
}

function countsOf(summary: unknown): Record<string, number> {
  const counts = (summary as { countsPerType?: Record<string, number> } | null)?.countsPerType;
  return counts && typeof counts === "object" ? counts : {};
}

/** A shop's snapshots, newest first. */
export async function listCatalogSnapshots(db: Db, shop: string, take = 100): Promise<SnapshotRow[]> {
  const rows = await db.snapshotCatalog.findMany({ where: { shop }, orderBy: { id: "desc" }, take });
  return rows.map((r) => ({ id: r.id, kind: r.kind, takenAt: r.takenAt, finishedAt: r.finishedAt, recordCount: r.recordCount, status: r.status, countsPerType: countsOf(r.summary) }));
}

/** One snapshot of the shop, or null. */
export async function getCatalogSnapshot(db: Db, shop: string, id: string): Promise<SnapshotRow | null> {
  const r = await db.snapshotCatalog.findFirst({ where: { shop, id } });
  return r ? { id: r.id, kind: r.kind, takenAt: r.takenAt, finishedAt: r.finishedAt, recordCount: r.recordCount, status: r.status, countsPerType: countsOf(r.summary) } : null;
}

export interface RecordRow {
  type: string;
  gid: string;
  recordId: string;
  title: string | null;
  handle: string | null;
  email: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** Records held by a snapshot (versions whose run spans it), filtered by type and a search term. */
export async function searchSnapshotRecords(
  db: Db,
  shop: string,
  snapshotId: string,
  options: { type?: string; q?: string; skip?: number; take?: number } = {},
): Promise<{ rows: RecordRow[]; total: number }> {
  const q = options.q?.trim();
  const where = {
    AND: [
      spanningSnapshot(shop, snapshotId),
      ...(options.type ? [{ type: options.type }] : []),
      ...(q ? [{ OR: [{ title: { contains: q } }, { handle: { contains: q } }, { email: { contains: q } }, { gid: q }] }] : []),
    ],
  };
  const [rows, total, newest] = await Promise.all([
    db.recordVersion.findMany({ where, orderBy: [{ type: "asc" }, { title: "asc" }, { gid: "asc" }], skip: options.skip ?? 0, take: options.take ?? 50 }),
    db.recordVersion.count({ where }),
    newestCatalogued(db, shop),
  ]);
  return {
    rows: rows.map((r) => ({
      type: r.type,
      gid: r.gid,
      recordId: r.recordId,
      title: r.title,
      handle: r.handle,
      email: r.email,
      firstSeenAt: r.firstSeenAt,
      lastSeenAt: r.current && newest ? newest.takenAt : r.lastSeenAt,
    })),
    total,
  };
}

export interface HistoryRow {
  recordId: string;
  firstSeenSnapshot: string;
  lastSeenSnapshot: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  current: boolean;
  title: string | null;
}

/** Every version of one (type, GID), oldest first. */
export async function recordHistory(db: Db, shop: string, type: string, gid: string): Promise<HistoryRow[]> {
  const [rows, newest] = await Promise.all([db.recordVersion.findMany({ where: { shop, type, gid }, orderBy: { firstSeenSnapshot: "asc" } }), newestCatalogued(db, shop)]);
  return rows.map((r) => {
    const last = r.current && newest ? { snapshot: newest.id, at: newest.takenAt } : { snapshot: r.lastSeenSnapshot, at: r.lastSeenAt };
    return { recordId: r.recordId, firstSeenSnapshot: r.firstSeenSnapshot, lastSeenSnapshot: last.snapshot, firstSeenAt: r.firstSeenAt, lastSeenAt: last.at, current: r.current, title: r.title };
  });
}
