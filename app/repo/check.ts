import { createHash } from "node:crypto";
import { IntegrityError } from "~/errors";
import { recordId, pageId } from "./block-reader";
import { decompress } from "./compress";
import { unseal } from "./crypto";
import { BlockKind, ID_BYTES, KEY_REF_BYTES } from "./format";
import { addPackToIndex, addRedactedToIndex, readIndexObject } from "./index-store";
import { DELETED_ID, readPage, splitKey } from "./manifest";
import {
  blockAad,
  decodePackHeader,
  headerLengthFromTrailer,
  openPackHeader,
  PACK_TRAILER_BYTES,
  RECORD_ENTRY_BYTES,
  type PackBlock,
} from "./pack-format";
import { ID_PREFIX_BYTES, NO_PACK, RecordIndex } from "./record-index";
import { listSnapshotIds, readSnapshotInfo } from "./snapshots";
import type { RepoContext, Session } from "./context";
import { RedactedError } from "./errors";
import { openSubjectRecord, subjectRecordKeyRef } from "./subject-record";
import type { CheckOptions, CheckProblem, CheckReport, SnapshotInfo } from "./types";

const ZERO_KEY_REF = Buffer.alloc(KEY_REF_BYTES);

/**
 * Verifies the repository. Structural: every index object readable, every
 * block inside an existing pack, every snapshot page and record in the index.
 * With read-data: selected packs are downloaded, their headers compared with
 * the index, every block decrypted and every record re-hashed. Damage is
 * reported with the snapshots, types and GIDs it affects.
 */
export async function check(ctx: RepoContext, session: Session, options: CheckOptions = {}): Promise<CheckReport> {
  const problems: CheckProblem[] = [];
  const index = new RecordIndex();
  for await (const info of ctx.store.list(ctx.layout.indexPrefix)) {
    const indexId = info.key.slice(ctx.layout.indexPrefix.length);
    try {
      const content = await readIndexObject(ctx, session, indexId);
      for (const { packId, header } of content.packs) addPackToIndex(index, packId, decodePackHeader(header, { indexId }));
      for (const { keyRef, ids } of content.redacted) addRedactedToIndex(index, keyRef, ids);
    } catch (error) {
      problems.push({ kind: "unreadable-index", message: `Index object ${indexId}: ${(error as Error).message}` });
    }
  }
  session.index = undefined; // reads re-load rather than trust a cache check just questioned

  const sizes = new Map<string, number>();
  for await (const info of ctx.store.list(ctx.layout.packPrefix)) sizes.set(ctx.layout.packIdFromKey(info.key), info.size);
  // Damaged ids by id-prefix hex, and the problem each belongs to.
  const bad = new Map<string, CheckProblem>();
  const markBlockBad = (block: number, problem: CheckProblem) => {
    const ids: string[] = [];
    index.forEachSlot((slot) => {
      if (index.slotBlock(slot) !== block) return;
      const prefix = index.slotIdPrefix(slot).toString("hex");
      bad.set(prefix, problem);
      ids.push(prefix);
    });
    problem.recordIds = [...(problem.recordIds ?? []), ...ids];
  };

  for (let b = 0; b < index.blockCount; b++) {
    const packNo = index.blockPackNo(b);
    if (packNo === NO_PACK) continue;
    const packId = index.packId(packNo);
    const size = sizes.get(packId);
    if (size === undefined) {
      markBlockBad(b, problemFor(problems, "missing-pack", packId, `Pack ${packId} is missing`));
    } else if (index.blockStoredOffset(b) + index.blockStoredLength(b) + PACK_TRAILER_BYTES > size) {
      markBlockBad(b, problemFor(problems, "truncated-pack", packId, `Pack ${packId} is shorter than its index entries`));
    }
  }

  const packIds = [...sizes.keys()].filter((id) => index.packNumber(id) !== undefined && selected(id, options));
  let recordsVerified = 0;
  for (const packId of packIds) {
    recordsVerified += await readBackPack(ctx, session, index, packId, problems, bad, markBlockBad);
  }

  const snapshots: SnapshotInfo[] = [];
  for (const snapshotId of await listSnapshotIds(ctx)) {
    try {
      snapshots.push(await readSnapshotInfo(ctx, session, snapshotId));
    } catch (error) {
      problems.push({ kind: "unreadable-snapshot", snapshotId, message: `Snapshot ${snapshotId}: ${(error as Error).message}` });
    }
  }
  for (const info of snapshots) {
    for (const ref of [...info.manifest, ...(info.delta ?? [])]) {
      const badPage = bad.get(ref.id.slice(0, ID_PREFIX_BYTES * 2));
      if (index.find(Buffer.from(ref.id, "hex")) < 0 || badPage) {
        problems.push({
          kind: badPage ? "corrupt-page" : "missing-page",
          snapshotId: info.id,
          message: `Snapshot ${info.id}: manifest page ${ref.id} (from ${JSON.stringify(ref.first)}, ${ref.count} entries) is ${badPage ? "damaged" : "missing"}`,
        });
        continue;
      }
      let page;
      try {
        page = await readPage(ctx, session, index, ref);
      } catch (error) {
        if (!(error instanceof IntegrityError)) throw error;
        problems.push({ kind: "corrupt-page", snapshotId: info.id, message: `Snapshot ${info.id}: page ${ref.id}: ${error.message}` });
        continue;
      }
      for (let i = 0; i < page.keys.length; i++) {
        const id = page.ids.subarray(i * ID_BYTES, (i + 1) * ID_BYTES);
        if (id.equals(DELETED_ID)) continue;
        const hex = id.toString("hex");
        const damage = bad.get(hex.slice(0, ID_PREFIX_BYTES * 2));
        const { type, gid } = splitKey(page.keys[i]);
        if (damage) {
          (damage.affected ??= []).push({ snapshotId: info.id, type, gid, recordId: hex });
        } else if (index.find(id) < 0) {
          problems.push({
            kind: "missing-record",
            snapshotId: info.id,
            recordIds: [hex],
            affected: [{ snapshotId: info.id, type, gid, recordId: hex }],
            message: `Snapshot ${info.id}: ${type} ${gid} refers to record ${hex}, which is not in the index`,
          });
        }
      }
    }
  }
  return {
    ok: problems.length === 0,
    snapshotsChecked: snapshots.length,
    packsChecked: sizes.size,
    packsRead: packIds.length,
    recordsVerified,
    problems,
  };
}

function problemFor(problems: CheckProblem[], kind: CheckProblem["kind"], packId: string, message: string): CheckProblem {
  const existing = problems.find((p) => p.kind === kind && p.packId === packId);
  if (existing) return existing;
  const problem: CheckProblem = { kind, packId, message };
  problems.push(problem);
  return problem;
}

function selected(packId: string, options: CheckOptions): boolean {
  if (options.subset) {
    const h = createHash("sha256").update(packId).digest().readUInt32BE(0);
    return h % options.subset.of === options.subset.n % options.subset.of;
  }
  const percent = options.readDataPercent ?? 0;
  return percent >= 100 || Math.random() * 100 < percent;
}

async function readBackPack(
  ctx: RepoContext,
  session: Session,
  index: RecordIndex,
  packId: string,
  problems: CheckProblem[],
  bad: Map<string, CheckProblem>,
  markBlockBad: (block: number, problem: CheckProblem) => void,
): Promise<number> {
  const packNo = index.packNumber(packId) as number;
  const blocksOfPack: number[] = [];
  for (let b = 0; b < index.blockCount; b++) if (index.blockPackNo(b) === packNo) blocksOfPack.push(b);
  const data = Buffer.from(await ctx.store.get(ctx.layout.pack(packId)));
  let header: PackBlock[] | undefined;
  try {
    const sealedLength = headerLengthFromTrailer(data.subarray(data.length - PACK_TRAILER_BYTES), { packId });
    const start = data.length - PACK_TRAILER_BYTES - sealedLength;
    if (start < 0) throw new IntegrityError("Pack header length is impossible", { packId });
    const plain = openPackHeader(session.dataKey, session.repoId, packId, data.subarray(start, data.length - PACK_TRAILER_BYTES));
    header = decodePackHeader(plain, { packId });
    if (header.length !== blocksOfPack.length) throw new IntegrityError("Pack header disagrees with the index", { packId });
  } catch (error) {
    if (!(error instanceof IntegrityError)) throw error;
    problems.push({ kind: "corrupt-pack-header", packId, message: `Pack ${packId}: ${error.message} (the index still locates its blocks)` });
  }
  let verified = 0;
  for (const b of blocksOfPack) {
    const position = index.blockIndexInPack(b);
    const kind = index.blockKind(b);
    const keyRef = kind === BlockKind.subject ? Buffer.from(index.blockKeyRef(b)) : null;
    const offset = index.blockStoredOffset(b);
    try {
      let key = session.dataKey;
      if (keyRef) {
        try {
          key = await session.subjects.keyFor(keyRef);
        } catch (error) {
          if (error instanceof RedactedError) continue; // shredded on purpose, not damage
          throw error;
        }
      }
      const sealed = data.subarray(offset, offset + index.blockStoredLength(b));
      const context = { packId, block: position };
      const plain = decompress(unseal(key, blockAad(session.repoId, packId, position, kind, keyRef ?? ZERO_KEY_REF), sealed, context), context);
      const entries = header?.[position];
      if (entries) {
        for (let r = 0; r < entries.count; r++) {
          const e = r * RECORD_ENTRY_BYTES;
          const id = entries.records.subarray(e, e + ID_BYTES);
          const off = entries.records.readUInt32LE(e + ID_BYTES);
          const len = entries.records.readUInt32LE(e + ID_BYTES + 4);
          const stored = plain.subarray(off, off + len);
          let actual: Buffer;
          if (kind === BlockKind.manifest) actual = pageId(session.hashKey, stored);
          else if (kind === BlockKind.sealedRecords) {
            const opened = await openSealedRecord(session, id, stored);
            if (opened === "redacted") continue; // shredded on purpose, not damage
            actual = opened;
          } else actual = recordId(session.hashKey, keyRef, stored);
          if (!actual.equals(id)) {
            const problem: CheckProblem = { kind: "hash-mismatch", packId, message: `Pack ${packId} block ${position}: record does not match its id`, recordIds: [] };
            problems.push(problem);
            bad.set(id.subarray(0, ID_PREFIX_BYTES).toString("hex"), problem);
            problem.recordIds?.push(id.toString("hex"));
          } else verified++;
        }
      }
    } catch (error) {
      if (!(error instanceof IntegrityError)) throw error;
      const problem: CheckProblem = { kind: "corrupt-block", packId, message: `Pack ${packId} block ${position} (${kindName(kind)}): ${error.message}` };
      problems.push(problem);
      markBlockBad(b, problem);
    }
  }
  return verified;
}

/** Re-hash of one sealed subject record; an altered one hashes to zeros so it is reported. */
async function openSealedRecord(session: Session, id: Buffer, stored: Buffer): Promise<Buffer | "redacted"> {
  try {
    return recordId(session.hashKey, subjectRecordKeyRef(stored), await openSubjectRecord(session, id, stored));
  } catch (error) {
    if (error instanceof RedactedError) return "redacted";
    if (error instanceof IntegrityError) return Buffer.alloc(ID_BYTES);
    throw error;
  }
}

function kindName(kind: number): string {
  if (kind === BlockKind.manifest) return "manifest pages";
  return kind === BlockKind.subject || kind === BlockKind.sealedRecords ? "personal data" : "records";
}
