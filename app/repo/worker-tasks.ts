import { createHmac } from "node:crypto";
import { compress } from "./compress";
import { seal } from "./crypto";
import { sealSubjectRecord } from "./subject-record";

/**
 * A batch of canonical records to hash. `meta` holds, per record, three
 * int32: offset in `data`, byte length (-1 = no record, e.g. a tombstone),
 * index of its 32-byte key reference in `keyRefs` (-1 = not a subject record).
 * `subjectKeys` holds the subject key of each key reference: subject records
 * are sealed individually (format 3) in the same pass. Every buffer is a
 * whole ArrayBuffer so it can be transferred to a worker.
 */
export interface HashJob {
  hashKey: Buffer;
  repoId: string;
  count: number;
  data: ArrayBuffer;
  meta: ArrayBuffer;
  keyRefs: ArrayBuffer;
  subjectKeys: ArrayBuffer;
}

/**
 * Record ids (count × 32 bytes), and the stored payloads of subject records
 * back to back in `sealed`, located by `sealedMeta` (int32 offset, length per
 * record; length −1 for other records).
 */
export interface HashResult {
  ids: Buffer;
  sealed: Buffer;
  sealedMeta: Int32Array;
}

/**
 * Blocks to compress and seal: their plaintexts back to back in one
 * ArrayBuffer (one transfer per job, so a worker never holds thousands of
 * small buffers waiting for its garbage collector).
 */
export interface SealJob {
  level: number;
  data: ArrayBuffer;
  blocks: { offset: number; length: number; key: Buffer; aad: Buffer }[];
}

const SUBJECT = Buffer.from([1]);

/** Record ids of a batch and sealed subject records (same bytes as recordId() and the worker). */
export function hashRecords(job: HashJob): HashResult {
  const data = Buffer.from(job.data);
  const meta = new Int32Array(job.meta);
  const refs = Buffer.from(job.keyRefs);
  const keys = Buffer.from(job.subjectKeys);
  const ids = Buffer.alloc(job.count * 32);
  const sealedMeta = new Int32Array(job.count * 2);
  const parts: Buffer[] = [];
  let sealedBytes = 0;
  for (let i = 0; i < job.count; i++) {
    const off = meta[i * 3];
    const len = meta[i * 3 + 1];
    const ref = meta[i * 3 + 2];
    sealedMeta[i * 2 + 1] = -1;
    if (len < 0) continue;
    const mac = createHmac("sha256", job.hashKey);
    const keyRef = ref >= 0 ? refs.subarray(ref * 32, ref * 32 + 32) : null;
    if (keyRef) mac.update(SUBJECT).update(keyRef);
    const bytes = data.subarray(off, off + len);
    const id = ids.subarray(i * 32, i * 32 + 32);
    mac.update(bytes).digest().copy(id);
    if (keyRef) {
      const payload = sealSubjectRecord(job.repoId, id, keyRef, keys.subarray(ref * 32, ref * 32 + 32), bytes);
      sealedMeta[i * 2] = sealedBytes;
      sealedMeta[i * 2 + 1] = payload.length;
      sealedBytes += payload.length;
      parts.push(payload);
    }
  }
  return { ids, sealed: Buffer.concat(parts), sealedMeta };
}

/** zstd, then AES-256-GCM with the block's AAD (same bytes as the worker). */
export function sealBlocks(job: SealJob): Buffer[] {
  return job.blocks.map((b) => seal(b.key, b.aad, compress(Buffer.from(job.data, b.offset, b.length), job.level)));
}
