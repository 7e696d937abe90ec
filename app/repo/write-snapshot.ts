import { UserFacingError } from "~/errors";
import { canonicalJson } from "./canonical";
import { BlockKind, ID_BYTES } from "./format";
import { ExternalSorter, type SortEntry } from "./external-sort";
import { refreshIndex } from "./index-store";
import { withLease } from "./lease";
import { alignByKey, DELETED_ID, deltaStates, manifestEntries, manifestKey, PageCutter, PageLookup, pageId, snapshotEntries, splitKey } from "./manifest";
import { PackWriter } from "./pack-writer";
import { BlockSink } from "./block-sink";
import { listSnapshotIds, newSnapshotId, readSnapshotInfo, writeSnapshotObject } from "./snapshots";
import { RecordBatch } from "./record-batch";
import type { RecordIndex } from "./record-index";
import { createInlinePool, createWorkerPool, defaultWorkerCount, type CryptoPool } from "./worker-pool";
import { RecordJsonError, type HashJob, type HashResult } from "./worker-tasks";
import type { SubjectKey } from "./subject-keys";
import { SubjectFilter } from "./subject-filter";
import { sealSubjectRecord } from "./subject-record";
import type { RepoContext, Session } from "./context";
import type { ManifestPageRef, RecordInput, SnapshotInfo, WriteSnapshotInput } from "./types";

/**
 * Writes one snapshot under the shop's lease, streaming: records are hashed,
 * deduplicated against the index and appended to ~1 MB blocks; manifest
 * changes are sorted with bounded memory and merged with the parent's
 * manifest. Commit order: packs → index objects → snapshot object (create-only).
 */
export async function writeSnapshot(ctx: RepoContext, session: Session, input: WriteSnapshotInput): Promise<SnapshotInfo> {
  return (await write(ctx, session, input, false)) as SnapshotInfo;
}

/**
 * An incremental snapshot over `input.parent`, committed only when it changes
 * the parent's state; null when every record has the parent's record id and
 * every tombstone names a record the parent lacks. Record ids are compared,
 * so nothing is read back (a webhook for an unchanged record, a poll that
 * found nothing new). No pack is written then either: an unchanged record is
 * already stored, and so are the parent's delta pages it would repeat.
 */
export async function writeChanges(ctx: RepoContext, session: Session, input: Omit<WriteSnapshotInput, "kind" | "parent"> & { parent: string }): Promise<SnapshotInfo | null> {
  return write(ctx, session, { ...input, kind: "incremental" }, true);
}

async function write(ctx: RepoContext, session: Session, input: WriteSnapshotInput, unlessUnchanged: boolean): Promise<SnapshotInfo | null> {
  return withLease(ctx, "write-snapshot", async (lease) => {
    const sorter = new ExternalSorter(ctx.tuning.sortRunEntries, ctx.tuning.tmpDir);
    const restoreCache = session.blockCache.shrink(WRITE_BLOCK_CACHE_BYTES);
    try {
      return await writeUnderLease(ctx, session, input, sorter, () => lease.assertHeld(), unlessUnchanged);
    } catch (error) {
      // Entries for packs that were never committed must not survive into later dedup.
      session.index = undefined;
      session.indexIds = undefined;
      session.subjects.resetDirectory({ failed: true });
      throw error;
    } finally {
      restoreCache();
      await sorter.cleanup();
    }
  });
}

async function writeUnderLease(
  ctx: RepoContext,
  session: Session,
  input: WriteSnapshotInput,
  sorter: ExternalSorter,
  assertHeld: () => Promise<void>,
  unlessUnchanged: boolean,
): Promise<SnapshotInfo | null> {
  const startedAt = ctx.now();
  const index = await refreshIndex(ctx, session);
  // Most records of a later snapshot are already indexed: size for the larger of the two, not their sum.
  if (input.expectedRecords && input.expectedRecords > 0) index.reserve(Math.max(index.size, input.expectedRecords) * 1.02);
  session.subjects.resetDirectory();
  const existing = await listSnapshotIds(ctx);
  const parentId = input.parent ?? existing.at(-1) ?? null;
  if (input.kind === "incremental" && !parentId) {
    throw new UserFacingError("An incremental snapshot needs an earlier snapshot to build on", { shop: ctx.shop });
  }
  const parent = parentId ? await readSnapshotInfo(ctx, session, parentId) : null;

  // A webhook batch of a few records is done before worker threads would have started.
  const few = Array.isArray(input.records) && input.records.length <= INLINE_RECORDS;
  const workers = ctx.tuning.workers ?? (few ? 0 : defaultWorkerCount());
  const pool = workers > 0 ? createWorkerPool(workers) : createInlinePool();
  try {
    return await writeRecords(ctx, session, input, sorter, assertHeld, { index, pool, workers, few, startedAt, parentId, parent, unlessUnchanged });
  } finally {
    await pool.close();
  }
}

/** Records given as an array up to this many are hashed, compressed and sealed on the calling thread. */
const INLINE_RECORDS = 1_000;

interface WriteState {
  index: RecordIndex;
  pool: CryptoPool;
  workers: number;
  /** At most INLINE_RECORDS records, given as an array. */
  few: boolean;
  startedAt: Date;
  parentId: string | null;
  parent: SnapshotInfo | null;
  /** Commit nothing (resolve null) when the snapshot would not change its parent's state. */
  unlessUnchanged: boolean;
}

/** Block cache while writing: manifest blocks are read in order, once (a page never spans blocks). */
const WRITE_BLOCK_CACHE_BYTES = 4 << 20;

/** sealedMeta length of a subject record the pool left unsealed as probably stored. */
const UNSEALED = -2;

/** Batches sent to the hashing pool per worker and not yet processed, so no worker waits for the next batch. */
const BATCHES_PER_WORKER = 2;

async function writeRecords(
  ctx: RepoContext,
  session: Session,
  input: WriteSnapshotInput,
  sorter: ExternalSorter,
  assertHeld: () => Promise<void>,
  { index, pool, workers, few, startedAt, parentId, parent, unlessUnchanged }: WriteState,
): Promise<SnapshotInfo | null> {
  // New subject keys are stored before any pack that uses them.
  const beforeUpload = async () => {
    await session.subjects.flush();
    await assertHeld();
  };
  const writer = new PackWriter(ctx, session, index, beforeUpload, pool);
  const blocks = new BlockSink(ctx, index, writer);
  const volatile = new Set(input.volatileFields ?? []);
  // The filter of stored subject records spares re-sealing unchanged ones in big writes. Building it
  // scans the whole index (~1 s at 2.75M records): more than sealing a webhook batch's records costs.
  const filtered = !few;
  // Only subject records (customers, their orders' personal parts) go in: a quarter of the large
  // store's records. Sized for all of them it took 8 MB there instead of 2; it grows if more come.
  let filter = filtered ? SubjectFilter.fromIndex(index, Math.ceil((input.expectedRecords ?? 0) / 4)) : new SubjectFilter(0);
  const remember = (id: Buffer) => {
    if (!filtered) return;
    filter.add(id);
    // The new filter holds every sealed record indexed so far, this one included.
    if (filter.full) filter = SubjectFilter.fromIndex(index, filter.entries);
  };
  let recordsIn = 0;
  let newRecords = 0;
  let newRecordBytes = 0;
  let tombstones = 0;
  let lastSubject: string | undefined;
  let lastKey: SubjectKey | null = null;

  // Pipeline: this thread canonicalises records into batches; the pool
  // hashes them (HMAC per record); finished batches are deduplicated against
  // the index and appended to blocks here, in input order.
  const free: RecordBatch[] = [];
  const inFlight: { batch: RecordBatch; result: Promise<HashResult & { job: HashJob }> }[] = [];
  const newBatch = () => free.pop() ?? new RecordBatch(ctx.tuning.hashBatchBytes, 8192);
  const processNext = async () => {
    const next = inFlight.shift();
    if (!next) return;
    const { batch, result } = next;
    let reply: HashResult & { job: HashJob };
    try {
      reply = await result;
    } catch (error) {
      if (!(error instanceof RecordJsonError)) throw error;
      const { type, gid } = splitKey(batch.keys[error.position] ?? "");
      throw new UserFacingError(`Record ${gid} is not valid JSON: ${error.message}`, { type, gid });
    }
    const { ids, sealed, sealedMeta, job } = reply;
    batch.restore(job);
    for (let i = 0; i < batch.count; i++) {
      const key = batch.keys[i];
      const length = batch.length(i);
      if (length < 0) {
        if (sorter.addSync(key, null)) await sorter.spill();
        continue;
      }
      const id = ids.subarray(i * ID_BYTES, (i + 1) * ID_BYTES);
      if (index.find(id) < 0) {
        // Subject records arrive sealed under their subject's key (format 3)
        // and share ordinary blocks with each other.
        const sealedLength = sealedMeta[i * 2 + 1];
        const offset = batch.offset(i);
        let pending: Promise<void> | undefined;
        if (sealedLength === UNSEALED) {
          // The filter's false positive (or a record new twice in flight): seal it here.
          const payload = sealSubjectRecord(session.repoId, id, batch.keyRef(i) as Buffer, batch.subjectKey(i) as Buffer, batch.data.subarray(offset, offset + length));
          pending = blocks.appendRecord(BlockKind.sealedRecords, null, id, payload);
          remember(id);
        } else if (sealedLength >= 0) {
          pending = blocks.appendRecord(BlockKind.sealedRecords, null, id, sealed.subarray(sealedMeta[i * 2], sealedMeta[i * 2] + sealedLength));
          remember(id);
        } else {
          pending = blocks.appendRecord(BlockKind.data, null, id, batch.data.subarray(offset, offset + length));
        }
        if (pending) await pending;
        newRecords++;
        newRecordBytes += length;
      }
      if (sorter.addSync(key, id)) await sorter.spill();
    }
    batch.reset();
    free.push(batch);
  };
  const send = async (batch: RecordBatch) => {
    const result = pool.hash(batch.toJob(session.hashKey, session.repoId, input.volatileFields, filter.shared));
    result.catch(() => {});
    inFlight.push({ batch, result });
    if (inFlight.length >= Math.max(2, workers * BATCHES_PER_WORKER)) await processNext();
  };

  let batch = newBatch();
  try {
    for await (const item of input.records as AsyncIterable<RecordInput>) {
      const key = validKey(item);
      if (item.json === undefined && item.record === undefined) {
        throw new UserFacingError("Every record needs `record` or `json`", { type: item.type, gid: item.gid });
      }
      if (item.json === undefined && item.record === null) {
        // A full snapshot lists what exists; absence already means deleted.
        if (input.kind !== "incremental") continue;
        batch.addTombstone(key);
        tombstones++;
      } else {
        recordsIn++;
        let subject: SubjectKey | null = null;
        if (item.subject) {
          if (item.subject !== lastSubject) {
            lastKey = await session.subjects.currentKey(item.subject);
            lastSubject = item.subject;
          }
          subject = lastKey;
        }
        if (item.json !== undefined) batch.addRaw(key, item.json, subject);
        else batch.add(key, canonicalJson(item.record, volatile), subject);
      }
      if (batch.full) {
        await send(batch);
        batch = newBatch();
      }
    }
    if (batch.count > 0) await send(batch);
    while (inFlight.length > 0) await processNext();
  } finally {
    // Let every job settle before the pool is closed under it.
    await Promise.allSettled(inFlight.map((f) => f.result));
  }
  await blocks.flush(BlockKind.data);
  await blocks.flush(BlockKind.sealedRecords);

  let countsPerType: Record<string, number> = {};
  let totalRecords = 0;
  // Keys whose state differs from the parent's (incremental snapshots only).
  const changed = { count: 0 };
  const pagesOf = (list: ManifestPageRef[]) =>
    new PageCutter(ctx.tuning.pageAverageEntries, ctx.tuning.pageMaxEntries, async (page, first, count) => {
      const id = pageId(session.hashKey, page);
      if (index.find(id) < 0) await blocks.appendBytes(BlockKind.manifest, null, id, page);
      list.push({ id: id.toString("hex"), first, count });
    });
  // Keep the parent's base and write only a delta unless the delta would grow
  // past the rebase ratio (estimated from new records and deletions).
  const baseCount = parent ? count(parent.manifest) : 0;
  const estimate = (parent ? count(parent.delta ?? []) : 0) + newRecords + tombstones;
  const rebase = !parent || baseCount === 0 || estimate > ctx.tuning.deltaRebaseRatio * baseCount;
  const base: ManifestPageRef[] = rebase ? [] : (parent?.manifest ?? []);
  const delta: ManifestPageRef[] = [];
  const cutter = pagesOf(rebase ? base : delta);
  if (input.kind === "incremental" && parent && !rebase) {
    ({ countsPerType, totalRecords } = await deltaOverParentBase(ctx, session, index, parent, sorter.sorted(), cutter, changed));
  } else {
    const state = input.kind === "incremental" && parent ? mergeChanges(snapshotEntries(ctx, session, index, parent), sorter.sorted(), changed) : presentOnly(sorter.sorted());
    const baseEntries = rebase ? emptyEntries() : manifestEntries(ctx, session, index, base);
    for await (const { key, before, after } of againstBase(baseEntries, state)) {
      if (after) {
        const { type } = splitKey(key);
        countsPerType[type] = (countsPerType[type] ?? 0) + 1;
        totalRecords++;
      }
      if (rebase) {
        if (after) await cutter.add(key, after);
      } else if (!(before && after && before.equals(after))) {
        await cutter.add(key, after ?? DELETED_ID);
      }
    }
  }
  await cutter.finish();
  await blocks.flush(BlockKind.manifest);
  await writer.close();
  // The index already holds these packs: a later write on this session must
  // not read them back (on a 2M-record store that re-read ~80 MB of headers).
  for (const indexId of writer.indexIds) session.indexIds?.add(indexId);

  await session.subjects.flush();
  // Nothing new was stored (see writeChanges); a pack written anyway would only be unreferenced, never wrong.
  if (unlessUnchanged && changed.count === 0) return null;
  await assertHeld();
  const info: SnapshotInfo = {
    id: newSnapshotId(startedAt),
    shop: ctx.shop,
    kind: input.kind,
    parent: parentId,
    startedAt: startedAt.toISOString(),
    finishedAt: ctx.now().toISOString(),
    countsPerType,
    totalRecords,
    manifest: base,
    delta,
    stats: { recordsIn, newRecords, newRecordBytes, newPacks: writer.packsWritten, storedBytesAdded: writer.bytesWritten },
    tags: input.tags ?? {},
  };
  info.stats.storedBytesAdded += await writeSnapshotObject(ctx, session, info);
  return info;
}

function validKey(item: RecordInput): string {
  if (!item.type || !item.gid || item.type.includes("\u0000") || item.gid.includes("\u0000")) {
    throw new UserFacingError("Every record needs a type and a GID without NUL characters", { type: item.type, gid: item.gid });
  }
  const key = manifestKey(item.type, item.gid);
  if (Buffer.byteLength(key, "utf8") > 0xffff) throw new UserFacingError("GID too long", { gid: item.gid.slice(0, 100) });
  return key;
}

async function* emptyEntries(): AsyncGenerator<{ key: string; id: Buffer }> {}

/** Applies sorted changes to a sorted base manifest; a null id deletes. Counts the changes that alter the base in `changed`. */
async function* mergeChanges(
  base: AsyncGenerator<{ key: string; id: Buffer }>,
  changes: AsyncGenerator<SortEntry>,
  changed: { count: number },
): AsyncGenerator<{ key: string; id: Buffer }> {
  let b = await base.next();
  let c = await changes.next();
  while (!b.done || !c.done) {
    if (c.done || (!b.done && b.value.key < c.value.key)) {
      if (!b.done) yield b.value;
      b = await base.next();
    } else if (b.done || c.value.key < b.value.key) {
      if (c.value.id) {
        changed.count++;
        yield { key: c.value.key, id: c.value.id };
      }
      c = await changes.next();
    } else {
      if (!(c.value.id && c.value.id.equals(b.value.id))) changed.count++;
      if (c.value.id) yield { key: c.value.key, id: c.value.id };
      b = await base.next();
      c = await changes.next();
    }
  }
}


/**
 * An incremental that keeps its parent's base: its delta is the parent's
 * delta with the changes applied, minus entries equal to the base, and its
 * counts are the parent's adjusted by the changes. Only keys of the parent's
 * delta and of the changes are visited (base pages holding them are read for
 * lookups); walking the parent's whole state and base took several seconds
 * per incremental on the large store (2.75M entries).
 */
async function deltaOverParentBase(
  ctx: RepoContext,
  session: Session,
  index: RecordIndex,
  parent: SnapshotInfo,
  changes: AsyncGenerator<SortEntry>,
  cutter: PageCutter,
  changedKeys: { count: number },
): Promise<{ countsPerType: Record<string, number>; totalRecords: number }> {
  const counts = { ...parent.countsPerType };
  let total = parent.totalRecords;
  const base = new PageLookup(ctx, session, index, parent.manifest);
  const changed = (async function* () {
    for await (const { key, id } of changes) yield { key, value: id };
  })();
  for await (const { key, left: inParentDelta, right: change } of alignByKey(deltaStates(ctx, session, index, parent.delta ?? []), changed)) {
    if (change === undefined) {
      // Unchanged since the parent: its delta entry already differs from the base (writers never store one that does not).
      await cutter.add(key, inParentDelta ?? DELETED_ID);
      continue;
    }
    const inBase = (await base.get(key)) ?? null;
    const before = inParentDelta === undefined ? inBase : inParentDelta;
    if (before ? !(change && before.equals(change)) : Boolean(change)) changedKeys.count++;
    if (Boolean(before) !== Boolean(change)) {
      const { type } = splitKey(key);
      const step = change ? 1 : -1;
      counts[type] = (counts[type] ?? 0) + step;
      total += step;
      if (counts[type] === 0) delete counts[type];
    }
    if (change) {
      if (!(inBase && inBase.equals(change))) await cutter.add(key, change);
    } else if (inBase) {
      await cutter.add(key, DELETED_ID);
    }
  }
  // Same key order as a snapshot whose counts were built walking its state.
  const countsPerType = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { countsPerType, totalRecords: total };
}

const count = (pages: ManifestPageRef[]) => pages.reduce((sum, p) => sum + p.count, 0);

async function* presentOnly(entries: AsyncGenerator<SortEntry>): AsyncGenerator<{ key: string; id: Buffer }> {
  for await (const e of entries) if (e.id) yield { key: e.key, id: e.id };
}

/** Walks the new state beside the base: for every key, its id before (in the base) and after. */
async function* againstBase(
  base: AsyncGenerator<{ key: string; id: Buffer }>,
  state: AsyncGenerator<{ key: string; id: Buffer }>,
): AsyncGenerator<{ key: string; before: Buffer | null; after: Buffer | null }> {
  let b = await base.next();
  let s = await state.next();
  while (!b.done || !s.done) {
    if (s.done || (!b.done && b.value.key < s.value.key)) {
      if (!b.done) yield { key: b.value.key, before: b.value.id, after: null };
      b = await base.next();
    } else if (b.done || s.value.key < b.value.key) {
      yield { key: s.value.key, before: null, after: s.value.id };
      s = await state.next();
    } else {
      yield { key: s.value.key, before: b.value.id, after: s.value.id };
      b = await base.next();
      s = await state.next();
    }
  }
}
