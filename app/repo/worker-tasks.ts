import { createHmac } from "node:crypto";
import { compress } from "./compress";
import { seal } from "./crypto";

/**
 * A batch of canonical records to hash. `meta` holds, per record, three
 * int32: offset in `data`, byte length (-1 = no record, e.g. a tombstone),
 * index of its 32-byte key reference in `keyRefs` (-1 = not a subject record).
 * Every field is a whole ArrayBuffer so it can be transferred to a worker.
 */
export interface HashJob {
  hashKey: Buffer;
  count: number;
  data: ArrayBuffer;
  meta: ArrayBuffer;
  keyRefs: ArrayBuffer;
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

/** Record ids of a batch (same bytes as recordId() in block-reader.ts). */
export function hashRecords(job: HashJob): Buffer {
  const data = Buffer.from(job.data);
  const meta = new Int32Array(job.meta);
  const refs = Buffer.from(job.keyRefs);
  const ids = Buffer.alloc(job.count * 32);
  for (let i = 0; i < job.count; i++) {
    const off = meta[i * 3];
    const len = meta[i * 3 + 1];
    const ref = meta[i * 3 + 2];
    if (len < 0) continue;
    const mac = createHmac("sha256", job.hashKey);
    if (ref >= 0) mac.update(SUBJECT).update(refs.subarray(ref * 32, ref * 32 + 32));
    mac.update(data.subarray(off, off + len)).digest().copy(ids, i * 32);
  }
  return ids;
}

/** zstd, then AES-256-GCM with the block's AAD (same bytes as the worker). */
export function sealBlocks(job: SealJob): Buffer[] {
  return job.blocks.map((b) => seal(b.key, b.aad, compress(Buffer.from(job.data, b.offset, b.length), job.level)));
}
