import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { CANONICAL_SOURCE } from "./canonical-source";
import { FILTER_SOURCE } from "./subject-filter";
import { CODEC_DEFLATE, CODEC_NONE, SUBJECT_COMPRESS_MIN, SUBJECT_RECORD_LABEL } from "./subject-record";
import { hashRecords, RecordJsonError, sealBlocks, type HashJob, type HashResult, type SealJob, type SealResult } from "./worker-tasks";

/** Jobs the ingest pipeline hands off: record HMACs and block compression + encryption. */
export interface CryptoPool {
  /** Record ids and sealed subject records for a batch; the batch's buffers come back with the result. */
  hash(job: HashJob): Promise<HashResult & { job: HashJob }>;
  /** Sealed blocks, in order; the job's data buffer comes back for reuse. */
  seal(job: SealJob): Promise<SealResult>;
  close(): Promise<void>;
}

/** Workers to use by default: every core but the one reading and indexing records. */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** Runs the jobs on the calling thread (tests, small writes, prune). */
export function createInlinePool(): CryptoPool {
  return {
    async hash(job) {
      return { ...hashRecords(job), job };
    },
    async seal(job) {
      return sealBlocks(job);
    },
    async close() {},
  };
}

// Plain JavaScript, evaluated in the worker: no TypeScript loader is needed
// there, whichever way the app runs (tsx, vitest, a bundle).
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const zlib = require("node:zlib");
const crypto = require("node:crypto");
const SUBJECT = Buffer.from([1]);
${CANONICAL_SOURCE}
${FILTER_SOURCE}

// Raw JSON lines → canonical bytes in job.spare; data and spare swap (see HashJob).
function canonicalizeRaw(job) {
  const raw = new Uint8Array(job.raw);
  const data = Buffer.from(job.data);
  const meta = new Int32Array(job.meta);
  const volatile = new Set(job.volatile || []);
  let out = Buffer.from(job.spare);
  let pos = 0;
  for (let i = 0; i < job.count; i++) {
    const off = meta[i * 3], len = meta[i * 3 + 1];
    if (len < 0) continue;
    let n;
    if (raw[i]) {
      let value;
      try { value = JSON.parse(data.toString("utf8", off, off + len)); }
      catch (error) { throw Object.assign(new Error(String(error && error.message)), { position: i }); }
      if (typeof value !== "object" || value === null) throw Object.assign(new Error("not a JSON object"), { position: i });
      const text = canonicalJson(value, volatile);
      if (pos + text.length * 3 > out.length) {
        const need = Buffer.byteLength(text, "utf8");
        if (pos + need > out.length) out = grown(out, pos, pos + need);
      }
      n = out.write(text, pos, "utf8");
    } else {
      if (pos + len > out.length) out = grown(out, pos, pos + len);
      data.copy(out, pos, off, off + len);
      n = len;
    }
    meta[i * 3] = pos;
    meta[i * 3 + 1] = n;
    pos += n;
  }
  job.spare = job.data;
  job.data = out.buffer;
}
function grown(buf, used, need) {
  const bigger = Buffer.from(new ArrayBuffer(Math.max(buf.length * 2, need + (64 << 10))));
  buf.copy(bigger, 0, 0, used);
  return bigger;
}

// One zstd stream per worker, each block ended as its own frame
// (ZSTD_e_end). zstdCompressSync allocates a fresh native context per call
// that is freed only when this (barely allocating) isolate collects garbage:
// a 2M-record ingest grew to ~850 MB RSS that way.
let zstd = null;
function compressor(level) {
  if (zstd && zstd.level === level) return zstd;
  if (zstd) zstd.stream.destroy();
  const stream = zlib.createZstdCompress({ chunkSize: 256 << 10, params: { [zlib.constants.ZSTD_c_compressionLevel]: level } });
  const state = { level, stream, chunks: [], failed: null };
  stream.on("data", (c) => state.chunks.push(c));
  stream.on("error", (e) => { state.failed = e; });
  zstd = state;
  return state;
}
function compress(plain, level) {
  const z = compressor(level);
  return new Promise((resolve, reject) => {
    z.stream.write(plain);
    z.stream.flush(zlib.constants.ZSTD_e_end, () => {
      if (z.failed) { zstd = null; return reject(z.failed); }
      const out = z.chunks.length === 1 ? z.chunks[0] : Buffer.concat(z.chunks);
      z.chunks = [];
      resolve(out);
    });
  });
}

// Copy of sealSubjectRecord() in subject-record.ts: keyRef ‖ codec ‖ seal(key, aad, body).
function aad(label, fields) {
  const parts = [Buffer.from(label, "utf8")];
  for (const f of fields) {
    const bytes = typeof f === "string" ? Buffer.from(f, "utf8") : f;
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bytes.length);
    parts.push(len, bytes);
  }
  return Buffer.concat(parts);
}
// Nonces come from a pooled CSPRNG fill: one randomBytes() call per record cost more than its HMAC.
const NONCES = 4096;
let noncePool = Buffer.alloc(0);
let nonceAt = NONCES;
function nextNonce() {
  if (nonceAt === NONCES) {
    noncePool = crypto.randomFillSync(Buffer.allocUnsafeSlow(12 * NONCES));
    nonceAt = 0;
  }
  return noncePool.subarray(12 * nonceAt, 12 * ++nonceAt);
}
// Writes the sealed record at out[pos…]; returns the (possibly grown) buffer and the end position.
function sealSubjectRecordInto(out, pos, repoId, id, keyRef, key, canonical) {
  let codec = ${CODEC_NONE};
  let body = canonical;
  if (canonical.length >= ${SUBJECT_COMPRESS_MIN}) {
    const packed = zlib.deflateRawSync(canonical, { level: 1 });
    if (packed.length < canonical.length) { codec = ${CODEC_DEFLATE}; body = packed; }
  }
  const nonce = nextNonce();
  const cipher = crypto.createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(aad(${JSON.stringify(SUBJECT_RECORD_LABEL)}, [repoId, id, keyRef]));
  const enc = cipher.update(body);
  const fin = cipher.final();
  const tag = cipher.getAuthTag();
  const end = pos + 33 + 12 + enc.length + fin.length + tag.length;
  if (end > out.length) out = grown(out, pos, end);
  out.set(keyRef, pos);
  out[pos + 32] = codec;
  out.set(nonce, pos + 33);
  out.set(enc, pos + 45);
  out.set(fin, pos + 45 + enc.length);
  out.set(tag, pos + 45 + enc.length + fin.length);
  return { out, end };
}

async function sealAll(job) {
  const out = [];
  for (const b of job.blocks) {
    const packed = await compress(Buffer.from(job.data, b.offset, b.length), job.level);
    const nonce = nextNonce();
    const cipher = crypto.createCipheriv("aes-256-gcm", b.key, nonce);
    cipher.setAAD(b.aad);
    const sealed = new Uint8Array(12 + packed.length + 16);
    sealed.set(nonce, 0);
    const body = cipher.update(packed);
    sealed.set(body, 12);
    const fin = cipher.final();
    sealed.set(fin, 12 + body.length);
    sealed.set(cipher.getAuthTag(), 12 + body.length + fin.length);
    out.push(sealed.buffer);
  }
  return out;
}

// Garbage Buffers (zstd and cipher output, sealed copies) are freed only
// when V8 collects, which it does after ~64 MB of them: per worker that is
// most of its footprint. A host started with --expose-gc gets a collection
// every GC_EVERY bytes instead (a few ms on this small heap).
const GC_EVERY = 24 << 20;
let sinceGc = 0;
function processed(bytes) {
  sinceGc += bytes;
  if (sinceGc >= GC_EVERY && typeof globalThis.gc === "function") {
    sinceGc = 0;
    globalThis.gc();
  }
}

// Seal jobs share the compressor, so they run one after another.
let sealing = Promise.resolve();
parentPort.on("message", (msg) => {
  try {
    if (msg.kind === "hash") {
      const job = msg.job;
      if (job.raw) {
        try { canonicalizeRaw(job); }
        catch (error) {
          if (error.position === undefined) throw error;
          parentPort.postMessage({ seq: msg.seq, error: error.message, position: error.position });
          return;
        }
      }
      const data = Buffer.from(job.data);
      const meta = new Int32Array(job.meta);
      const refs = Buffer.from(job.keyRefs);
      const keys = Buffer.from(job.subjectKeys);
      // Output buffers come with the job and go back with it (see HashJob).
      const ids = Buffer.from(job.ids && job.ids.byteLength >= job.count * 32 ? job.ids : new ArrayBuffer(job.count * 32));
      const sealedMeta = new Int32Array(job.sealedMeta && job.sealedMeta.byteLength >= job.count * 8 ? job.sealedMeta : new ArrayBuffer(job.count * 8));
      let sealed = Buffer.from(job.sealed || new ArrayBuffer(64 << 10));
      const filterBits = job.filter ? new Uint8Array(job.filter) : null;
      let sealedBytes = 0;
      for (let i = 0; i < job.count; i++) {
        const off = meta[i * 3], len = meta[i * 3 + 1], ref = meta[i * 3 + 2];
        sealedMeta[i * 2 + 1] = -1;
        if (len < 0) continue;
        const mac = crypto.createHmac("sha256", job.hashKey);
        const keyRef = ref >= 0 ? refs.subarray(ref * 32, ref * 32 + 32) : null;
        if (keyRef) mac.update(SUBJECT).update(keyRef);
        const bytes = data.subarray(off, off + len);
        const id = ids.subarray(i * 32, i * 32 + 32);
        mac.update(bytes).digest().copy(id);
        if (keyRef && filterBits && filterMayHave(filterBits, id)) {
          sealedMeta[i * 2 + 1] = -2;
        } else if (keyRef) {
          const done = sealSubjectRecordInto(sealed, sealedBytes, job.repoId, id, keyRef, keys.subarray(ref * 32, ref * 32 + 32), bytes);
          sealed = done.out;
          sealedMeta[i * 2] = sealedBytes;
          sealedMeta[i * 2 + 1] = done.end - sealedBytes;
          sealedBytes = done.end;
        }
      }
      processed(job.data.byteLength);
      job.ids = ids.buffer;
      job.sealedMeta = sealedMeta.buffer;
      job.sealed = sealed.buffer;
      parentPort.postMessage(
        { seq: msg.seq, sealedBytes, job },
        [job.ids, job.sealed, job.sealedMeta, job.data, job.meta, job.keyRefs, job.subjectKeys]
          .concat(job.raw ? [job.raw, job.spare] : []),
      );
    } else {
      sealing = sealing.then(() => sealAll(msg.job)).then(
        (out) => {
          // The plaintext buffer goes back too: the writer reuses it for later blocks.
          const size = msg.job.data.byteLength;
          parentPort.postMessage({ seq: msg.seq, blocks: out, data: msg.job.data }, out.concat([msg.job.data]));
          processed(size);
        },
        (error) => parentPort.postMessage({ seq: msg.seq, error: String((error && error.stack) || error) }),
      );
    }
  } catch (error) {
    parentPort.postMessage({ seq: msg.seq, error: String((error && error.stack) || error) });
  }
});
`;

const exact = (view: Buffer): Buffer => Buffer.from(new Uint8Array(view));

interface Reply {
  seq: number;
  error?: string;
  /** Batch position of a raw record that is not a JSON object. */
  position?: number;
  sealedBytes?: number;
  job?: HashJob;
  blocks?: ArrayBuffer[];
  data?: ArrayBuffer;
}

/**
 * Worker threads for the CPU-heavy, order-free parts of ingest. Jobs go
 * round-robin; results resolve the caller's promise, so the caller keeps its
 * own order. Buffers are transferred, never copied.
 */
export function createWorkerPool(size: number): CryptoPool {
  const workers = Array.from({ length: size }, () => new Worker(WORKER_SOURCE, { eval: true }));
  const waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  let seq = 0;
  let next = 0;
  let failed: Error | undefined;
  for (const worker of workers) {
    worker.unref();
    worker.on("message", (reply: Reply) => {
      const w = waiting.get(reply.seq);
      if (!w) return;
      waiting.delete(reply.seq);
      if (reply.error && reply.position !== undefined) w.reject(new RecordJsonError(reply.position, reply.error));
      else if (reply.error) w.reject(new Error(`Ingest worker failed: ${reply.error}`));
      else w.resolve(reply);
    });
    worker.on("error", (error) => {
      failed = error;
      for (const w of waiting.values()) w.reject(error);
      waiting.clear();
    });
  }
  const send = (kind: "hash" | "seal", job: HashJob | SealJob, transfer: ArrayBuffer[]): Promise<Reply> => {
    if (failed) return Promise.reject(failed);
    const id = ++seq;
    const worker = workers[next];
    next = (next + 1) % workers.length;
    return new Promise<Reply>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ seq: id, kind, job }, transfer);
    });
  };
  return {
    async hash(job) {
      // A Buffer view is cloned with its whole (often 8 KB, pooled) ArrayBuffer: send an exact copy.
      const transfer = [job.data, job.meta, job.keyRefs, job.subjectKeys];
      if (job.raw && job.spare) transfer.push(job.raw, job.spare);
      for (const out of [job.ids, job.sealedMeta, job.sealed]) if (out) transfer.push(out);
      const reply = await send("hash", { ...job, hashKey: exact(job.hashKey) }, transfer);
      const back = reply.job as HashJob;
      return {
        ids: Buffer.from(back.ids as ArrayBuffer, 0, back.count * 32),
        sealed: Buffer.from(back.sealed as ArrayBuffer, 0, reply.sealedBytes ?? 0),
        sealedMeta: new Int32Array(back.sealedMeta as ArrayBuffer, 0, back.count * 2),
        job: back,
      };
    },
    async seal(job) {
      const blocks = job.blocks.map((b) => ({ ...b, key: exact(b.key), aad: exact(b.aad) }));
      const reply = await send("seal", { ...job, blocks }, [job.data]);
      return { sealed: (reply.blocks ?? []).map((ab) => Buffer.from(ab)), data: reply.data ?? new ArrayBuffer(0) };
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
