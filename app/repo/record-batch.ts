import type { HashJob } from "./worker-tasks";

const META_FIELDS = 3;

/**
 * Canonical records collected for one hashing job: their bytes back to back,
 * per-record (offset, length, key-reference index) and the manifest keys.
 * The byte buffers are whole ArrayBuffers so they can move to a worker and
 * back without copies.
 */
export class RecordBatch {
  data: Buffer;
  meta: Int32Array;
  keyRefs: Buffer;
  /** Subject key per key reference (same order), for sealing subject records in the worker. */
  subjectKeys: Buffer;
  readonly keys: string[] = [];
  /** Per record, 1 when its bytes are raw JSON still to be canonicalised (by the worker). */
  private raw: Uint8Array | null = null;
  private rawCount = 0;
  /** Where the worker writes canonical bytes of a batch with raw records (swapped with `data`). */
  private spare: ArrayBuffer | null = null;
  count = 0;
  bytes = 0;
  private refs = 0;
  private lastRef: Buffer | null = null;
  /** Output buffers lent to the hashing pool with each job (see HashJob). */
  private ids: ArrayBuffer;
  private sealedMeta: ArrayBuffer;
  private sealed: ArrayBuffer | undefined;

  constructor(
    private readonly targetBytes: number,
    private readonly maxRecords: number,
  ) {
    this.data = Buffer.from(new ArrayBuffer(targetBytes + (64 << 10)));
    this.meta = new Int32Array(new ArrayBuffer(maxRecords * META_FIELDS * 4));
    this.keyRefs = Buffer.from(new ArrayBuffer(maxRecords * 32));
    this.subjectKeys = Buffer.from(new ArrayBuffer(maxRecords * 32));
    this.ids = new ArrayBuffer(maxRecords * 32);
    this.sealedMeta = new ArrayBuffer(maxRecords * 8);
  }

  get full(): boolean {
    return this.bytes >= this.targetBytes || this.count >= this.maxRecords;
  }

  /** Adds a record (canonical JSON text) under `key`; a subject record comes with its keyRef and key. */
  add(key: string, text: string, subject: { keyRef: Buffer; key: Buffer } | null): void {
    const keyRef = subject?.keyRef ?? null;
    if (this.bytes + text.length * 3 > this.data.length) this.grow(text.length * 3);
    const length = this.data.write(text, this.bytes, "utf8");
    let ref = -1;
    if (keyRef) {
      if (!this.lastRef || !this.lastRef.equals(keyRef)) {
        keyRef.copy(this.keyRefs, this.refs * 32);
        subject?.key.copy(this.subjectKeys, this.refs * 32);
        this.lastRef = keyRef;
        this.refs++;
      }
      ref = this.refs - 1;
    }
    this.push(key, this.bytes, length, ref);
    this.bytes += length;
  }

  /** Adds a record as raw JSON text; the hashing pool parses and canonicalises it. */
  addRaw(key: string, json: string, subject: { keyRef: Buffer; key: Buffer } | null): void {
    if (!this.raw) this.raw = new Uint8Array(new ArrayBuffer(this.maxRecords));
    this.raw[this.count] = 1;
    this.rawCount++;
    this.add(key, json, subject);
  }

  /** Adds a deletion of `key` (incremental snapshots). */
  addTombstone(key: string): void {
    this.push(key, 0, -1, -1);
  }

  offset(i: number): number {
    return this.meta[i * META_FIELDS];
  }
  length(i: number): number {
    return this.meta[i * META_FIELDS + 1];
  }
  /** The record's key reference (a view), or null. */
  keyRef(i: number): Buffer | null {
    const ref = this.meta[i * META_FIELDS + 2];
    return ref < 0 ? null : this.keyRefs.subarray(ref * 32, ref * 32 + 32);
  }

  /** The subject key of a subject record (a view), or null. */
  subjectKey(i: number): Buffer | null {
    const ref = this.meta[i * META_FIELDS + 2];
    return ref < 0 ? null : this.subjectKeys.subarray(ref * 32, ref * 32 + 32);
  }

  /** The job for the hashing pool; the buffers are unusable until restore(). */
  toJob(hashKey: Buffer, repoId: string, volatile: string[] = [], filter?: SharedArrayBuffer): HashJob {
    const rawPart =
      this.rawCount > 0 && this.raw
        ? {
            raw: this.raw.buffer as ArrayBuffer,
            spare: (this.spare ??= new ArrayBuffer(this.data.length)),
            volatile,
          }
        : {};
    return {
      ...rawPart,
      ...(filter ? { filter } : {}),
      hashKey,
      repoId,
      count: this.count,
      data: this.data.buffer as ArrayBuffer,
      meta: this.meta.buffer as ArrayBuffer,
      keyRefs: this.keyRefs.buffer as ArrayBuffer,
      subjectKeys: this.subjectKeys.buffer as ArrayBuffer,
      ids: this.ids,
      sealedMeta: this.sealedMeta,
      ...(this.sealed ? { sealed: this.sealed } : {}),
    };
  }

  /** Takes the buffers back from a finished job. */
  restore(job: HashJob): void {
    this.data = Buffer.from(job.data);
    this.meta = new Int32Array(job.meta);
    this.keyRefs = Buffer.from(job.keyRefs);
    this.subjectKeys = Buffer.from(job.subjectKeys);
    if (job.raw) this.raw = new Uint8Array(job.raw);
    if (job.spare) this.spare = job.spare;
    if (job.ids) this.ids = job.ids;
    if (job.sealedMeta) this.sealedMeta = job.sealedMeta;
    if (job.sealed) this.sealed = job.sealed;
  }

  /** Empties the batch for reuse (buffers kept). */
  reset(): void {
    this.keys.length = 0;
    this.count = 0;
    this.bytes = 0;
    this.refs = 0;
    this.lastRef = null;
    if (this.rawCount > 0) this.raw?.fill(0);
    this.rawCount = 0;
  }

  private push(key: string, offset: number, length: number, ref: number): void {
    const m = this.count * META_FIELDS;
    this.meta[m] = offset;
    this.meta[m + 1] = length;
    this.meta[m + 2] = ref;
    this.keys.push(key);
    this.count++;
  }

  private grow(extra: number): void {
    const bigger = Buffer.from(new ArrayBuffer(Math.max(this.data.length * 2, this.bytes + extra)));
    this.data.copy(bigger, 0, 0, this.bytes);
    this.data = bigger;
  }
}
