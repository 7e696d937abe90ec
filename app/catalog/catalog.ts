/**
 * The catalog: a database cache of a shop's snapshots and record versions
 * (one row per continuous run of one record id under one type+GID), so the
 * UI lists, searches and shows history without opening the repository.
 * Updated per snapshot from its diff against the previously catalogued one;
 * rebuildable from the repository alone.
 *
 * A current row is held through the newest catalogued snapshot; its
 * lastSeen columns are written only when the run closes. Keeping them
 * up to date meant rewriting every current row (2.75M on the large store,
 * ~10 s on SQLite) for each incremental that changed a handful of records.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "~/db.server";
import { inChunks } from "~/db/in-chunks";
import type { Repository, SnapshotSummary } from "~/repo";
import { ownerOf, searchFields } from "./search-fields";

const BATCH = 760;

export interface CatalogUpdate {
  snapshotId: string;
  added: number;
  changed: number;
  deleted: number;
  /** True when the snapshot was catalogued before (nothing done). */
  already: boolean;
}

/** Records snapshot `info` (committed in `repository`) in the catalog; idempotent and crash-safe. */
export async function catalogSnapshot(db: Db, repository: Repository, info: SnapshotSummary): Promise<CatalogUpdate> {
  const shop = repository.shop;
  const update: CatalogUpdate = { snapshotId: info.id, added: 0, changed: 0, deleted: 0, already: false };
  const existing = await db.snapshotCatalog.findUnique({ where: { id: info.id } });
  if (existing?.cataloguedAt) return { ...update, already: true };
  const newer = await db.snapshotCatalog.findFirst({ where: { shop, cataloguedAt: { not: null }, id: { gt: info.id } } });
  if (newer) {
    // Versions are runs in snapshot order: a snapshot older than the newest catalogued one means redoing them all.
    await rebuildCatalog(db, repository);
    return { ...update, already: true };
  }
  const base = await db.snapshotCatalog.findFirst({
    where: { shop, cataloguedAt: { not: null }, id: { lt: info.id } },
    orderBy: { id: "desc" },
  });
  const takenAt = new Date(info.startedAt);
  await db.snapshotCatalog.upsert({
    where: { id: info.id },
    create: snapshotRow(info),
    update: {},
  });
  if (existing) await undoPartial(db, shop, info.id, base);

  if (!base) {
    let rows: VersionRow[] = [];
    for await (const entry of repository.readSnapshot(info.id, { withoutRecords: UNREAD_TYPES, order: "storage" })) {
      rows.push(versionRow(shop, entry.type, entry.gid, entry.recordId, entry.record, info.id, takenAt));
      update.added += 1;
      if (rows.length >= BATCH) rows = await insert(db, rows);
    }
    await insert(db, rows);
  } else {
    let batch: DiffItem[] = [];
    const flush = async () => {
      await applyDiff(db, repository, shop, info, base, batch);
      batch = [];
    };
    for await (const entry of repository.diff(base.id, info.id)) {
      update[entry.change] += 1;
      batch.push({ type: entry.type, gid: entry.gid, change: entry.change, after: entry.after });
      if (batch.length >= BATCH) await flush();
    }
    await flush();
  }
  await db.snapshotCatalog.update({ where: { id: info.id }, data: { cataloguedAt: new Date() } });
  return update;
}

interface DiffItem {
  type: string;
  gid: string;
  change: "added" | "changed" | "deleted";
  after: string | null;
}

async function applyDiff(db: Db, repository: Repository, shop: string, info: SnapshotSummary, base: { id: string; takenAt: Date }, items: DiffItem[]): Promise<void> {
  const takenAt = new Date(info.startedAt);
  // A changed or deleted record's run ends at the base: the last snapshot that held it.
  const closingByType = new Map<string, string[]>();
  for (const item of items) {
    if (item.change === "added") continue;
    const gids = closingByType.get(item.type) ?? [];
    gids.push(item.gid);
    closingByType.set(item.type, gids);
  }
  for (const [type, gids] of closingByType) {
    for (const chunk of inChunks(gids)) {
      await db.recordVersion.updateMany({
        where: { shop, type, gid: { in: chunk }, current: true },
        data: { current: false, lastSeenSnapshot: base.id, lastSeenAt: base.takenAt },
      });
    }
  }
  const rows: VersionRow[] = [];
  for (const item of items) {
    if (item.change === "deleted" || !item.after) continue;
    const version = await readRecord(repository, info.id, item.type, item.gid);
    rows.push(versionRow(shop, item.type, item.gid, item.after, version, info.id, takenAt));
  }
  await insert(db, rows);
}

async function readRecord(repository: Repository, snapshotId: string, type: string, gid: string): Promise<Record<string, unknown> | null> {
  if (UNREAD_TYPES.includes(type)) return null;
  try {
    return (await repository.getRecord(snapshotId, type, gid))?.record ?? null;
  } catch (error) {
    // A shredded subject still gets a row (type, GID, record id), just no search fields.
    if ((error as Error).name === "RedactedError") return null;
    throw error;
  }
}

/** Reverts what an interrupted catalogSnapshot(info) may have written, so it can run again. */
async function undoPartial(db: Db, shop: string, snapshotId: string, base: { id: string; takenAt: Date } | null): Promise<void> {
  await db.recordVersion.deleteMany({ where: { shop, firstSeenSnapshot: snapshotId } });
  if (!base) return;
  // Only a run over this snapshot closes rows at the base (closing writes lastSeen = base).
  await db.recordVersion.updateMany({ where: { shop, lastSeenSnapshot: base.id, current: false }, data: { current: true } });
}

type VersionRow = {
  shop: string;
  type: string;
  gid: string;
  recordId: string;
  title: string | null;
  handle: string | null;
  email: string | null;
  firstSeenSnapshot: string;
  lastSeenSnapshot: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  current: boolean;
  owner: string | null;
};

/**
 * Types never read back to catalogue them, because their records cannot
 * yield a search field. Image bytes (MediaBlob, keyed `sha256:<hex>`): the
 * one searchable field is the hash their GID already names, and reading them
 * back was most of the catalog's memory. Inventory levels and variant
 * metafields: their selections (app/shopify/queries/backup-products.ts) have
 * no top-level title, name, handle, sku or email, so every row's fields are
 * null whatever the record says; on the large store they are 1.02M of the
 * 2.75M records. A test checks this on a seeded
 * store's snapshot (catalog.test.ts).
 */
export const UNREAD_TYPES: readonly string[] = ["MediaBlob", "InventoryLevel", "ProductVariantMetafields"];

function versionRow(shop: string, type: string, gid: string, recordId: string, record: Record<string, unknown> | null, snapshotId: string, at: Date): VersionRow {
  const fields = type === "MediaBlob" && !record ? searchFields(type, { sha256: gid.replace(/^sha256:/, "") }) : searchFields(type, record);
  return { shop, type, gid, recordId, ...fields, firstSeenSnapshot: snapshotId, lastSeenSnapshot: snapshotId, firstSeenAt: at, lastSeenAt: at, current: true, owner: ownerOf(type, gid) };
}

const COLUMNS = ["id", "shop", "type", "gid", "recordId", "title", "handle", "email", "firstSeenSnapshot", "lastSeenSnapshot", "firstSeenAt", "lastSeenAt", "current", "owner"] as const;
/** Rows per INSERT: under SQLite's 999 bound values per statement. */
const ROWS_PER_INSERT = Math.floor(999 / COLUMNS.length);
const INSERT_HEAD = `INSERT INTO "RecordVersion" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES (`;

/**
 * Plain SQL, not createMany: Prisma's query compiler held ~45 MB more (and
 * more the bigger the batch) to insert the same rows. The statement goes in
 * as a template call (strings + values), so each database's client numbers
 * the placeholders its own way (`?` on SQLite, `$n` on PostgreSQL); a
 * `Prisma.sql` fragment would be bound as one value by the other client.
 */
async function insert(db: Db, rows: VersionRow[]): Promise<VersionRow[]> {
  for (const chunk of inChunks(rows, ROWS_PER_INSERT)) {
    const strings: string[] = [INSERT_HEAD];
    const values: unknown[] = [];
    chunk.forEach((row, n) => {
      const byColumn: Record<(typeof COLUMNS)[number], unknown> = { id: randomUUID(), ...row };
      for (const column of COLUMNS) values.push(byColumn[column]);
      strings.push(...Array<string>(COLUMNS.length - 1).fill(", "), n === chunk.length - 1 ? ")" : "), (");
    });
    await db.$executeRaw(Object.assign(strings, { raw: strings }), ...values);
  }
  return [];
}

function snapshotRow(info: SnapshotSummary) {
  return {
    id: info.id,
    shop: info.shop,
    takenAt: new Date(info.startedAt),
    finishedAt: new Date(info.finishedAt),
    kind: info.kind,
    parentId: info.parent,
    recordCount: info.totalRecords,
    status: "committed",
    summary: { countsPerType: info.countsPerType, stats: { ...info.stats }, tags: info.tags },
  };
}

/** Drops the shop's catalog and rebuilds it from the repository's snapshots, oldest first. */
export async function rebuildCatalog(db: Db, repository: Repository): Promise<{ snapshots: number }> {
  const shop = repository.shop;
  await db.recordVersion.deleteMany({ where: { shop } });
  await db.snapshotCatalog.deleteMany({ where: { shop } });
  const infos = await repository.listSnapshots();
  for (const info of infos) await catalogSnapshot(db, repository, info);
  return { snapshots: infos.length };
}
