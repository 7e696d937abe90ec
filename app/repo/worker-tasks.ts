import { createHmac } from "node:crypto";
import { canonicalJson } from "./canonical";
import { compress } from "./compress";
import { seal } from "./crypto";
import { SubjectFilter } from "./subject-filter";
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
  /**
   * Set when some records are raw JSON text rather than canonical: one byte
   * per record (1 = raw). The worker parses and canonicalises those, writes
   * every record's canonical bytes into `spare` (grown if needed), rewrites
   * offsets and lengths in `meta`, and returns the job with `data` and
   * `spare` swapped.
   */
  raw?: ArrayBuffer;
  spare?: ArrayBuffer;
  /** Field names dropped while canonicalising raw records. */
  volatile?: string[];
  /** Ids of stored subject records (SubjectFilter): a subject record probably among them is not sealed. */
  filter?: SharedArrayBuffer;
  /**
   * Output buffers lent by the batch and handed back with the job (the worker
   * allocates any that are missing or too small): reused from job to job, so
   * hashing makes no garbage proportional to the input. Results: `ids`
   * (count × 32 bytes), `sealedMeta` (count × 2 int32) and `sealed` (the
   * first `sealedBytes` bytes).
   */
  ids?: ArrayBuffer;
  sealedMeta?: ArrayBuffer;
  sealed?: ArrayBuffer;
}

/**
 * Record ids (count × 32 bytes), and the stored payloads of subject records
 * back to back in `sealed`, located by `sealedMeta` (int32 offset, length per
 * record; length −1 for other records, −2 for a subject record left unsealed
 * because the filter says it is probably stored).
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

/** Sealed blocks of a SealJob, in order, and the job's plaintext buffer handed back for reuse. */
export interface SealResult {
  sealed: Buffer[];
  data: ArrayBuffer;
}

const SUBJECT = Buffer.from([1]);

/** A raw record in a hashing batch is not a JSON object; `position` is its place in the batch. */
export class RecordJsonError extends Error {
  constructor(
    readonly position: number,
    message: string,
  ) {
    super(message);
    this.name = "RecordJsonError";
  }
}

/** Parses and canonicalises the raw records of a job in place (same bytes as the worker). */
export function canonicalizeRaw(job: HashJob): void {
  if (!job.raw) return;
  const raw = new Uint8Array(job.raw);
  const data = Buffer.from(job.data);
  const meta = new Int32Array(job.meta);
  const volatile = new Set(job.volatile ?? []);
  const parts: Buffer[] = [];
  let pos = 0;
  for (let i = 0; i < job.count; i++) {
    const off = meta[i * 3];
    const len = meta[i * 3 + 1];
    if (len < 0) continue;
    let bytes = data.subarray(off, off + len);
    if (raw[i]) {
      let value: unknown;
      try {
        value = JSON.parse(bytes.toString("utf8"));
      } catch (error) {
        throw new RecordJsonError(i, error instanceof Error ? error.message : String(error));
      }
      if (typeof value !== "object" || value === null) throw new RecordJsonError(i, "not a JSON object");
      bytes = Buffer.from(canonicalJson(value, volatile), "utf8");
    }
    parts.push(bytes);
    meta[i * 3] = pos;
    meta[i * 3 + 1] = bytes.length;
    pos += bytes.length;
  }
  const out = Buffer.concat(parts);
  const spare = new ArrayBuffer(Math.max(out.length, job.spare?.byteLength ?? 0));
  out.copy(Buffer.from(spare));
  job.spare = job.data;
  job.data = spare;
}

/** Record ids of a batch and sealed subject records (same bytes as recordId() and the worker). */
export function hashRecords(job: HashJob): HashResult {
  canonicalizeRaw(job);
  const data = Buffer.from(job.data);
  const meta = new Int32Array(job.meta);
  const refs = Buffer.from(job.keyRefs);
  const keys = Buffer.from(job.subjectKeys);
  const ids = Buffer.alloc(job.count * 32);
  const sealedMeta = new Int32Array(job.count * 2);
  const filter = job.filter ? SubjectFilter.over(job.filter) : null;
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
    if (keyRef && filter?.mayHave(id)) {
      sealedMeta[i * 2 + 1] = -2;
    } else if (keyRef) {
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
export function sealBlocks(job: SealJob): SealResult {
  const sealed = job.blocks.map((b) => seal(b.key, b.aad, compress(Buffer.from(job.data, b.offset, b.length), job.level)));
  return { sealed, data: job.data };
}
