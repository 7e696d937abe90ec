import { IntegrityError } from "~/errors";
import { readRecordBytes } from "./block-reader";
import { ensureIndex } from "./index-store";
import { ExternalSorter } from "./external-sort";
import { alignByKey, DELETED_ID, deltaStates, findInPages, manifestKey, PageLookup, sameBase, snapshotEntries, splitKey } from "./manifest";
import type { RecordIndex } from "./record-index";
import { listSnapshotInfos, readSnapshotInfo, snapshotInfoForReads } from "./snapshots";
import type { RepoContext, Session } from "./context";
import { RedactedError } from "./errors";
import type { DiffEntry, HistoryEntry, SnapshotEntry, SnapshotInfo } from "./types";

/** One record at one snapshot. */
export interface RecordVersion {
  snapshotId: string;
  type: string;
  gid: string;
  recordId: string;
  record: Record<string, unknown>;
}

async function decodeRecord(
  ctx: RepoContext,
  session: Session,
  index: RecordIndex,
  id: Buffer,
  where: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const bytes = await readRecordBytes(ctx, session, index, id);
  if (!bytes) throw new IntegrityError("Record referenced by the snapshot is missing from the index", where);
  return JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
}

/**
 * Streams every record of a snapshot: in (type, GID) order, page by page, or
 * with `order: "storage"` in the order the records sit in blocks.
 */
export async function* readSnapshot(ctx: RepoContext, session: Session, snapshotId: string, options: ReadSnapshotOptions = {}): AsyncGenerator<SnapshotEntry> {
  const info = await readSnapshotInfo(ctx, session, snapshotId);
  const index = await ensureIndex(ctx, session);
  const wanted = options.types ? new Set(options.types) : undefined;
  // Manifest keys sort by type first: pages before the first wanted type are skipped, and past the last nothing more can match.
  const sortedTypes = options.types ? [...options.types].sort() : undefined;
  const last = sortedTypes?.at(-1);
  const from = sortedTypes?.length ? manifestKey(sortedTypes[0], "") : undefined;
  const restoreCache = session.blockCache.shrink(SCAN_BLOCK_CACHE_BYTES);
  session.scans = (session.scans ?? 0) + 1;
  const sorter = options.order === "storage" ? new ExternalSorter(ctx.tuning.sortRunEntries, ctx.tuning.tmpDir) : undefined;
  const read = async (key: string, id: Buffer): Promise<SnapshotEntry> => {
    const { type, gid } = splitKey(key);
    const recordId = id.toString("hex");
    try {
      return { type, gid, recordId, record: await decodeRecord(ctx, session, index, id, { snapshotId, type, gid, recordId }), redacted: false };
    } catch (error) {
      if (!(error instanceof RedactedError)) throw error;
      return { type, gid, recordId, record: null, redacted: true };
    }
  };
  try {
    for await (const { key, id } of snapshotEntries(ctx, session, index, info, from)) {
      const { type, gid } = splitKey(key);
      if (wanted && !wanted.has(type)) {
        if (last !== undefined && type > last) break;
        continue; // not decoded: other types' blocks are never read
      }
      if (options.withoutRecords?.includes(type)) yield { type, gid, recordId: id.toString("hex"), record: null, redacted: false };
      else if (sorter) await sorter.add(storageKey(index, id) + key, id);
      else yield await read(key, id);
    }
    if (sorter) for await (const { key, id } of sorter.sorted()) if (id) yield await read(key.slice(STORAGE_KEY_CHARS), id);
  } finally {
    restoreCache();
    session.scans = (session.scans ?? 1) - 1;
    await sorter?.cleanup();
  }
}

const STORAGE_KEY_CHARS = 16;
/** Block and offset of a record as 16 hex digits (sorts as numbers); unknown ids last, where decoding reports them. */
function storageKey(index: RecordIndex, id: Buffer): string {
  const slot = index.find(id);
  if (slot < 0) return "f".repeat(STORAGE_KEY_CHARS);
  return index.slotBlock(slot).toString(16).padStart(8, "0") + index.slotOffset(slot).toString(16).padStart(8, "0");
}

/** Block cache while scanning a whole snapshot (see BlockCache.shrink). */
const SCAN_BLOCK_CACHE_BYTES = 4 << 20;

export interface ReadSnapshotOptions {
  /** Only these record types (the others are neither decrypted nor decompressed). */
  types?: readonly string[];
  /** Entries of these types come with their record id but `record: null` (not read: e.g. image bytes a listing does not need). */
  withoutRecords?: readonly string[];
  /**
   * "key" (default): (type, GID) order. "storage": the order records sit in
   * blocks, so each block is decoded once; for whole-snapshot scans that need
   * no order (the catalog). A key-order scan decodes a block once per record
   * type in it, because a full snapshot's blocks hold types interleaved as
   * they were fetched (a product, its images, its inventory levels). The
   * entries are sorted on disk first (the manifest sorter, bounded memory);
   * `withoutRecords` entries come at once, before the others.
   */
  order?: "key" | "storage";
}

/** The record id of (type, gid) in a snapshot, or undefined. */
export async function lookupId(
  ctx: RepoContext,
  session: Session,
  index: RecordIndex,
  info: SnapshotInfo,
  type: string,
  gid: string,
): Promise<Buffer | undefined> {
  const key = manifestKey(type, gid);
  const changed = await findInPages(ctx, session, index, info.delta ?? [], key);
  if (changed) return changed.equals(DELETED_ID) ? undefined : changed;
  return findInPages(ctx, session, index, info.manifest, key);
}

/** One record as it was at a snapshot; undefined when absent; RedactedError when shredded. */
export async function getRecord(
  ctx: RepoContext,
  session: Session,
  snapshotId: string,
  type: string,
  gid: string,
): Promise<RecordVersion | undefined> {
  const info = await snapshotInfoForReads(ctx, session, snapshotId);
  const index = await ensureIndex(ctx, session);
  const id = await lookupId(ctx, session, index, info, type, gid);
  if (!id) return undefined;
  const recordId = id.toString("hex");
  const record = await decodeRecord(ctx, session, index, id, { snapshotId, type, gid, recordId });
  return { snapshotId, type, gid, recordId, record };
}

/** Versions of one GID across all snapshots, oldest first. */
export async function history(ctx: RepoContext, session: Session, type: string, gid: string): Promise<HistoryEntry[]> {
  const index = await ensureIndex(ctx, session);
  const out: HistoryEntry[] = [];
  let previous: string | null = null;
  for (const info of await listSnapshotInfos(ctx, session)) {
    const id = await lookupId(ctx, session, index, info, type, gid);
    const recordId = id ? id.toString("hex") : null;
    out.push({ snapshotId: info.id, time: info.startedAt, recordId, changed: out.length > 0 && recordId !== previous });
    previous = recordId;
  }
  return out;
}

/** Streams added / changed / deleted GIDs going from snapshot `a` to snapshot `b`. */
export async function* diff(ctx: RepoContext, session: Session, a: string, b: string): AsyncGenerator<DiffEntry> {
  const index = await ensureIndex(ctx, session);
  const [left, right] = [await readSnapshotInfo(ctx, session, a), await readSnapshotInfo(ctx, session, b)];
  if (sameBase(left, right)) {
    yield* diffOverSharedBase(ctx, session, index, left, right);
    return;
  }
  const l = snapshotEntries(ctx, session, index, left);
  const r = snapshotEntries(ctx, session, index, right);
  let x = await l.next();
  let y = await r.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value.key < y.value.key)) {
      if (!x.done) yield entry(x.value.key, "deleted", x.value.id, null);
      x = await l.next();
    } else if (x.done || y.value.key < x.value.key) {
      yield entry(y.value.key, "added", null, y.value.id);
      y = await r.next();
    } else {
      if (!x.value.id.equals(y.value.id)) yield entry(x.value.key, "changed", x.value.id, y.value.id);
      x = await l.next();
      y = await r.next();
    }
  }
}

/**
 * Two snapshots on one base differ only at keys of their deltas: walking the
 * two deltas (and looking those keys up in the base) gives the same answer
 * as walking both full states, without reading the base's other pages. On
 * the large store a full walk is ~2.75M entries, several seconds each, and
 * the catalog diffs every incremental against its predecessor.
 */
async function* diffOverSharedBase(ctx: RepoContext, session: Session, index: RecordIndex, left: SnapshotInfo, right: SnapshotInfo): AsyncGenerator<DiffEntry> {
  const base = new PageLookup(ctx, session, index, left.manifest);
  const deltas = alignByKey(deltaStates(ctx, session, index, left.delta ?? []), deltaStates(ctx, session, index, right.delta ?? []));
  for await (const { key, left: before, right: after } of deltas) {
    // A key in one delta only holds its base value on the other side.
    const inBase = before === undefined || after === undefined ? ((await base.get(key)) ?? null) : null;
    const was = before === undefined ? inBase : before;
    const now = after === undefined ? inBase : after;
    if (!was && now) yield entry(key, "added", null, now);
    else if (was && !now) yield entry(key, "deleted", was, null);
    else if (was && now && !was.equals(now)) yield entry(key, "changed", was, now);
  }
}

function entry(key: string, change: DiffEntry["change"], before: Buffer | null, after: Buffer | null): DiffEntry {
  const { type, gid } = splitKey(key);
  return { type, gid, change, before: before?.toString("hex") ?? null, after: after?.toString("hex") ?? null };
}
