import { IntegrityError } from "~/errors";
import { hmac, unseal } from "./crypto";
import { decompress } from "./compress";
import { noteDecodedBytes } from "./gc-hint";
import { BlockKind, KEY_REF_BYTES } from "./format";
import { blockAad } from "./pack-format";
import { NO_PACK, recordAt, type RecordIndex } from "./record-index";
import type { RepoContext, Session } from "./context";
import { RedactedError } from "./errors";
import { openSubjectRecord, subjectRecordKeyRef } from "./subject-record";

const ZERO_KEY_REF = Buffer.alloc(KEY_REF_BYTES);
const SUBJECT_DOMAIN = Buffer.from([1]);

/**
 * Record id: HMAC-SHA256(hashKey, canonical bytes); for a subject record the
 * input is 0x01 ‖ keyRef ‖ canonical bytes (0x01 can never start JSON), so a
 * subject's records never dedup against another subject's or unkeyed bytes.
 */
export function recordId(hashKey: Buffer, keyRef: Uint8Array | null, canonical: Uint8Array | string): Buffer {
  return keyRef ? hmac(hashKey, SUBJECT_DOMAIN, keyRef, canonical) : hmac(hashKey, canonical);
}

/** Small LRU of decrypted block plaintexts, bounded by bytes. */
export class BlockCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;
  private limit: number;
  /** Limits lowered by shrink() and not yet restored; any order of restores is fine. */
  private readonly shrinks = new Set<{ limit: number }>();
  constructor(private readonly baseLimit: number) {
    this.limit = baseLimit;
  }

  /**
   * Lowers the byte limit until the returned function is called. Writers
   * read the parent manifest's blocks once, in order, and so does a scan of
   * a whole snapshot: a large cache would only hold memory while they run.
   */
  shrink(limit: number): () => void {
    const token = { limit };
    this.shrinks.add(token);
    this.applyLimit();
    return () => {
      this.shrinks.delete(token);
      this.applyLimit();
    };
  }

  private applyLimit(): void {
    this.limit = Math.min(this.baseLimit, ...[...this.shrinks].map((s) => s.limit));
    this.evict(null);
  }

  get(key: string): Buffer | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: Buffer): void {
    this.entries.set(key, value);
    this.bytes += value.length;
    this.evict(key);
  }

  private evict(keep: string | null): void {
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.limit || k === keep) break;
      this.entries.delete(k);
      this.bytes -= v.length;
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}

/** Decrypted, decompressed plaintext of one block (cached). */
export async function readBlock(ctx: RepoContext, session: Session, index: RecordIndex, block: number): Promise<Buffer> {
  const packNo = index.blockPackNo(block);
  const kind = index.blockKind(block);
  const keyRef = kind === BlockKind.subject ? Buffer.from(index.blockKeyRef(block)) : null;
  // The subject key is fetched first: a forgotten subject reads as redacted, never as damage.
  const key = keyRef ? await session.subjects.keyFor(keyRef) : session.dataKey;
  if (packNo === NO_PACK) {
    throw new RedactedError("This record was erased at the data subject's request", { block });
  }
  const packId = index.packId(packNo);
  const cacheKey = `${packId}:${index.blockIndexInPack(block)}`;
  const cached = session.blockCache.get(cacheKey);
  if (cached) return cached;
  const position = index.blockIndexInPack(block);
  const context = { packId, block: position, kind };
  const length = index.blockStoredLength(block);
  const sealed = await ctx.store.getRange(ctx.layout.pack(packId), index.blockStoredOffset(block), length);
  if (sealed.length !== length) {
    throw new IntegrityError("Pack is shorter than the index says", { ...context, expected: length, got: sealed.length });
  }
  const aadBytes = blockAad(session.repoId, packId, position, kind, keyRef ?? ZERO_KEY_REF);
  const plain = decompress(unseal(key, aadBytes, sealed, context), context);
  if (plain.length !== index.blockPlainLength(block)) {
    throw new IntegrityError("Block has the wrong length after decompression", context);
  }
  session.blockCache.set(cacheKey, plain);
  // Only scans: a point read (an incremental job's parent reads) must not pay for a full collection.
  if (session.scans) noteDecodedBytes(plain.length);
  return plain;
}

/**
 * The stored bytes of one record, re-hashed against its id so that nothing
 * (not even an index bug) can hand back a different record. Undefined when
 * the id is not in the index.
 */
export async function readRecordBytes(
  ctx: RepoContext,
  session: Session,
  index: RecordIndex,
  id: Buffer,
): Promise<Buffer | undefined> {
  const slot = index.find(id);
  if (slot < 0) return undefined;
  const block = index.slotBlock(slot);
  const plain = await readBlock(ctx, session, index, block);
  const stored = recordAt(plain, index.slotOffset(slot));
  if (!stored) throw new IntegrityError("Record lies outside its block", { recordId: id.toString("hex"), block });
  const kind = index.blockKind(block);
  if (kind === BlockKind.manifest) {
    if (!pageId(session.hashKey, stored).equals(id)) throw mismatch(id, block);
    return stored;
  }
  let bytes = stored;
  let keyRef: Uint8Array | null = kind === BlockKind.subject ? index.blockKeyRef(block) : null;
  if (kind === BlockKind.sealedRecords) {
    keyRef = subjectRecordKeyRef(stored);
    bytes = await openSubjectRecord(session, id, stored);
  }
  if (!recordId(session.hashKey, keyRef, bytes).equals(id)) throw mismatch(id, block);
  return bytes;
}

function mismatch(id: Buffer, block: number): IntegrityError {
  return new IntegrityError("Record does not match its id", { recordId: id.toString("hex"), block });
}

const PAGE_DOMAIN = Buffer.from([2]);

/** Manifest page id: HMAC-SHA256(hashKey, 0x02 ‖ page bytes). */
export function pageId(hashKey: Buffer, page: Uint8Array): Buffer {
  return hmac(hashKey, PAGE_DOMAIN, page);
}
