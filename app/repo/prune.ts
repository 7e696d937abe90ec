import { IntegrityError } from "~/errors";
import { readBlock } from "./block-reader";
import { BlockSink } from "./block-sink";
import { BlockKind, ID_BYTES } from "./format";
import type { IndexRedactedSection } from "./index-format";
import { writeIndexObject } from "./index-store";
import type { Lease } from "./lease";
import { PackWriter } from "./pack-writer";
import { RECORD_ENTRY_BYTES, type PackBlock } from "./pack-format";
import { ID_PREFIX_BYTES, NO_PACK, recordAt, RecordIndex } from "./record-index";
import { loadFullIndex, markReachable, subjectKeyNames } from "./reachability";
import type { RepoContext, Session } from "./context";
import type { PruneOptions, PruneReport } from "./types";

/**
 * Mark-and-sweep under the lease: marks every record and page reachable from
 * a snapshot, deletes packs nothing reaches (once older than the minimum
 * age), repacks packs whose waste exceeds the threshold, then writes a
 * consolidated index before deleting old index objects and dead packs, so a
 * crash at any step leaves every snapshot readable.
 */
export async function prune(ctx: RepoContext, session: Session, options: PruneOptions, lease: Lease): Promise<PruneReport> {
  const full = await loadFullIndex(ctx, session);
  const { index } = full;
  const used = await markReachable(ctx, session, index);
  const liveKeys = await subjectKeyNames(session);
  const deadBlock = (b: number) =>
    index.blockKind(b) === BlockKind.subject && !liveKeys.has(index.blockKeyRef(b).toString("hex"));

  // Plaintext bytes still needed per block, from the pack headers (the
  // in-memory index keeps no record lengths). A record stored twice counts
  // only where the index locates it.
  const usedPlain = new Float64Array(index.blockCount);
  for (const [packId, blocks] of full.blocks) {
    const packNo = index.packNumber(packId);
    blocks.forEach((b, position) => {
      for (let r = 0; r < b.count; r++) {
        const e = r * RECORD_ENTRY_BYTES;
        const slot = index.find(b.records.subarray(e, e + ID_BYTES));
        if (slot < 0 || !used[slot]) continue;
        const block = index.slotBlock(slot);
        if (index.blockPackNo(block) !== packNo || index.blockIndexInPack(block) !== position) continue;
        if (index.slotOffset(slot) !== b.records.readUInt32LE(e + ID_BYTES)) continue;
        usedPlain[block] += b.records.readUInt32LE(e + ID_BYTES + 4) + 4;
      }
    });
  }

  const stored = new Map<string, { size: number; createdAt: Date }>();
  for await (const info of ctx.store.list(ctx.layout.packPrefix)) {
    stored.set(ctx.layout.packIdFromKey(info.key), { size: info.size, createdAt: info.createdAt });
  }
  const now = ctx.now().getTime();
  const oldEnough = (packId: string) => now - (stored.get(packId)?.createdAt.getTime() ?? 0) >= options.minUnreferencedAgeMs;

  // Waste is measured over block bytes only: the header is overhead either way.
  const packUse = new Float64Array(index.packCount);
  const packBlockBytes = new Float64Array(index.packCount);
  const packHasLive = new Uint8Array(index.packCount);
  for (let b = 0; b < index.blockCount; b++) {
    const packNo = index.blockPackNo(b);
    if (packNo !== NO_PACK) packBlockBytes[packNo] += index.blockStoredLength(b);
    if (packNo === NO_PACK || usedPlain[b] === 0 || deadBlock(b)) continue;
    packHasLive[packNo] = 1;
    packUse[packNo] += (index.blockStoredLength(b) * Math.min(1, usedPlain[b] / index.blockPlainLength(b)));
  }

  const report: PruneReport = {
    packsBefore: stored.size,
    packsDeleted: 0,
    packsRepacked: 0,
    packsWritten: 0,
    packsSpared: 0,
    bytesBefore: [...stored.values()].reduce((sum, p) => sum + p.size, 0),
    bytesDeleted: 0,
    bytesWritten: 0,
    redactedRecordsDropped: 0,
  };
  const remove = new Set<string>();
  const repack = new Set<number>();
  for (let packNo = 0; packNo < index.packCount; packNo++) {
    const packId = index.packId(packNo);
    const size = stored.get(packId)?.size;
    if (size === undefined) {
      throw new IntegrityError("A pack in the index is missing from storage; run check and rebuild-index first", { packId });
    }
    if (!packHasLive[packNo]) {
      if (oldEnough(packId)) remove.add(packId);
      else report.packsSpared++;
    } else if (1 - packUse[packNo] / packBlockBytes[packNo] > options.repackWasteThreshold) {
      repack.add(packNo);
    }
  }
  for (const packId of stored.keys()) {
    if (index.packNumber(packId) !== undefined) continue;
    // Not in any index: a crashed or still-running writer's pack.
    if (oldEnough(packId)) remove.add(packId);
    else report.packsSpared++;
  }

  // Copy live records of packs being repacked into new packs (with their own index objects).
  const scratch = new RecordIndex();
  const writer = new PackWriter(ctx, session, scratch, () => lease.assertHeld());
  const sink = new BlockSink(ctx, scratch, writer);
  const slotsByBlock = new Map<number, number[]>();
  if (repack.size > 0) {
    for (let slot = 0; slot < index.slotCount; slot++) {
      if (!used[slot]) continue;
      const block = index.slotBlock(slot);
      const packNo = index.blockPackNo(block);
      if (packNo === NO_PACK || !repack.has(packNo) || deadBlock(block)) continue;
      let list = slotsByBlock.get(block);
      if (!list) slotsByBlock.set(block, (list = []));
      list.push(slot);
    }
  }
  for (const [block, slots] of slotsByBlock) {
    const plain = await readBlock(ctx, session, index, block);
    const kind = index.blockKind(block);
    const subject =
      kind === BlockKind.subject
        ? { keyRef: Buffer.from(index.blockKeyRef(block)), key: await session.subjects.keyFor(index.blockKeyRef(block)) }
        : null;
    const ids = fullIds(full.blocks.get(index.packId(index.blockPackNo(block))), index.blockIndexInPack(block));
    for (const slot of slots) {
      const id = ids.get(index.slotIdPrefix(slot).toString("hex"));
      if (!id) throw new IntegrityError("Record missing from its pack header", { block });
      const bytes = recordAt(plain, index.slotOffset(slot));
      if (!bytes) throw new IntegrityError("Record lies outside its block", { block });
      await sink.appendBytes(kind, subject, id, bytes);
    }
  }
  await sink.flushAll();
  await writer.close();
  for (const packNo of repack) remove.add(index.packId(packNo));
  report.packsRepacked = repack.size;
  report.packsWritten = writer.packsWritten;
  report.bytesWritten = writer.bytesWritten;

  // Records whose subject key is gone keep a "redacted" entry once their bytes go.
  const redactedByBlock = new Map<number, Buffer[]>();
  for (let slot = 0; slot < index.slotCount; slot++) {
    if (!used[slot]) continue;
    const b = index.slotBlock(slot);
    if (index.blockKind(b) !== BlockKind.subject) continue;
    const packNo = index.blockPackNo(b);
    const prefix = index.slotIdPrefix(slot).toString("hex");
    let id: Buffer | undefined;
    if (packNo === NO_PACK) id = full.redactedIds.get(prefix);
    else if (deadBlock(b) && remove.has(index.packId(packNo))) {
      id = fullIds(full.blocks.get(index.packId(packNo)), index.blockIndexInPack(b)).get(prefix);
    }
    if (!id) continue;
    let list = redactedByBlock.get(b);
    if (!list) redactedByBlock.set(b, (list = []));
    list.push(id);
  }
  const redacted: IndexRedactedSection[] = [];
  for (const [b, ids] of redactedByBlock) {
    redacted.push({ keyRef: Buffer.from(index.blockKeyRef(b)), ids: Buffer.concat(ids) });
    if (index.blockPackNo(b) !== NO_PACK) report.redactedRecordsDropped += ids.length;
  }

  const kept = [...full.headers].filter(([packId]) => !remove.has(packId)).map(([packId, header]) => ({ packId, header }));
  await lease.assertHeld();
  await writeIndexObject(ctx, session, { packs: kept, redacted });
  for (const indexId of full.indexIds) await ctx.store.delete(ctx.layout.index(indexId));
  for (const packId of remove) {
    await lease.assertHeld();
    await ctx.store.delete(ctx.layout.pack(packId));
    report.packsDeleted++;
    report.bytesDeleted += stored.get(packId)?.size ?? 0;
  }
  session.index = undefined;
  session.indexIds = undefined;
  session.blockCache.clear();
  return report;
}

/** Full 32-byte ids of one block, keyed by their index prefix in hex. */
function fullIds(header: PackBlock[] | undefined, blockInPack: number): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const block = header?.[blockInPack];
  if (!block) return out;
  for (let r = 0; r < block.count; r++) {
    const id = block.records.subarray(r * RECORD_ENTRY_BYTES, r * RECORD_ENTRY_BYTES + ID_BYTES);
    out.set(id.subarray(0, ID_PREFIX_BYTES).toString("hex"), Buffer.from(id));
  }
  return out;
}
