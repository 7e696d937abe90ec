import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { hashRecords, sealBlocks, type HashJob, type SealJob } from "./worker-tasks";

/** Jobs the ingest pipeline hands off: record HMACs and block compression + encryption. */
export interface CryptoPool {
  /** Record ids (n × 32 bytes) for a batch; the batch's buffers come back with the result. */
  hash(job: HashJob): Promise<{ ids: Buffer; job: HashJob }>;
  /** Sealed blocks, in order. */
  seal(job: SealJob): Promise<Buffer[]>;
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
      return { ids: hashRecords(job), job };
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
parentPort.on("message", (msg) => {
  try {
    if (msg.kind === "hash") {
      const job = msg.job;
      const data = Buffer.from(job.data);
      const meta = new Int32Array(job.meta);
      const refs = Buffer.from(job.keyRefs);
      const ids = Buffer.from(new ArrayBuffer(job.count * 32));
      for (let i = 0; i < job.count; i++) {
        const off = meta[i * 3], len = meta[i * 3 + 1], ref = meta[i * 3 + 2];
        if (len < 0) continue;
        const mac = crypto.createHmac("sha256", job.hashKey);
        if (ref >= 0) mac.update(SUBJECT).update(refs.subarray(ref * 32, ref * 32 + 32));
        mac.update(data.subarray(off, off + len)).digest().copy(ids, i * 32);
      }
      parentPort.postMessage({ seq: msg.seq, ids: ids.buffer, job }, [ids.buffer, job.data, job.meta, job.keyRefs]);
    } else {
      const out = [];
      for (const b of msg.job.blocks) {
        const plain = Buffer.from(msg.job.data, b.offset, b.length);
        const packed = zlib.zstdCompressSync(plain, { pledgedSrcSize: plain.length, params: { [zlib.constants.ZSTD_c_compressionLevel]: msg.job.level } });
        const nonce = crypto.randomBytes(12);
        const cipher = crypto.createCipheriv("aes-256-gcm", b.key, nonce);
        cipher.setAAD(b.aad);
        const body = cipher.update(packed);
        const fin = cipher.final();
        const tag = cipher.getAuthTag();
        const sealed = new Uint8Array(12 + body.length + fin.length + 16);
        sealed.set(nonce, 0); sealed.set(body, 12); sealed.set(fin, 12 + body.length); sealed.set(tag, 12 + body.length + fin.length);
        out.push(sealed.buffer);
      }
      parentPort.postMessage({ seq: msg.seq, sealed: out }, out);
    }
  } catch (error) {
    parentPort.postMessage({ seq: msg.seq, error: String(error && error.stack || error) });
  }
});
`;

const exact = (view: Buffer): Buffer => Buffer.from(new Uint8Array(view));

interface Reply {
  seq: number;
  error?: string;
  ids?: ArrayBuffer;
  job?: HashJob;
  sealed?: ArrayBuffer[];
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
      if (reply.error) w.reject(new Error(`Ingest worker failed: ${reply.error}`));
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
      const reply = await send("hash", { ...job, hashKey: exact(job.hashKey) }, [job.data, job.meta, job.keyRefs]);
      return { ids: Buffer.from(reply.ids as ArrayBuffer), job: reply.job as HashJob };
    },
    async seal(job) {
      const blocks = job.blocks.map((b) => ({ ...b, key: exact(b.key), aad: exact(b.aad) }));
      const reply = await send("seal", { ...job, blocks }, [job.data]);
      return (reply.sealed ?? []).map((ab) => Buffer.from(ab));
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
