import { randomHex } from "./crypto";
import { collectGarbageIfExposed } from "./gc-hint";
import { KEY_REF_BYTES } from "./format";
import type { IndexPackSection } from "./index-format";
import { writeIndexObject } from "./index-store";
import { blockAad, encodePackHeader, packTailLength, RECORD_ENTRY_BYTES, sealPackTailInto, type PackBlock } from "./pack-format";
import type { RecordIndex } from "./record-index";
import type { RepoContext, Session } from "./context";
import { createInlinePool, type CryptoPool } from "./worker-pool";
import type { SealResult } from "./worker-tasks";

const ZERO_KEY_REF = Buffer.alloc(KEY_REF_BYTES);
const EMPTY = Buffer.alloc(0);
/**
 * Index objects are flushed once this many header bytes are pending,
 * bounding writer memory (an index flush holds the headers about four times
 * over while encoding, compressing and sealing).
 */
const INDEX_FLUSH_BYTES = 2 << 20;
/**
 * Room reserved past packTargetBytes: a pack ends a few sealing jobs past
 * the target, plus its header (~40 bytes a record: up to ~5 MB for packs of
 * small records). Pages never written cost no memory, and growing would copy
 * the whole pack.
 */
const PACK_SLACK_BYTES = 8 << 20;

/**
 * One block being filled: records as u32 length ‖ bytes, plus the header
 * entries (id, offset, length) that let the index be rebuilt from the pack.
 */
export class BlockBuilder {
  data: Buffer;
  length = 0;
  records: Buffer;
  count = 0;

  constructor(
    readonly kind: number,
    readonly keyRef: Buffer | null,
    readonly key: Buffer,
    readonly block: number,
    capacity: number,
    /** A recycled buffer of at least `capacity` bytes (PackWriter.takeBuffer), if any. */
    data?: Buffer,
  ) {
    this.data = data ?? Buffer.allocUnsafe(capacity);
    this.records = Buffer.allocUnsafe(16 * RECORD_ENTRY_BYTES);
  }

  /** Appends a record given as a string; returns the offset of its bytes in the block. */
  appendString(id: Uint8Array, text: string, byteLength: number): number {
    this.ensure(byteLength + 4);
    this.data.writeUInt32LE(byteLength, this.length);
    const offset = this.length + 4;
    this.data.write(text, offset, byteLength, "utf8");
    this.length = offset + byteLength;
    this.addEntry(id, offset, byteLength);
    return offset;
  }

  /** Appends a record given as bytes; returns the offset of its bytes in the block. */
  appendBytes(id: Uint8Array, bytes: Uint8Array): number {
    this.ensure(bytes.length + 4);
    this.data.writeUInt32LE(bytes.length, this.length);
    const offset = this.length + 4;
    this.data.set(bytes, offset);
    this.length = offset + bytes.length;
    this.addEntry(id, offset, bytes.length);
    return offset;
  }

  private addEntry(id: Uint8Array, offset: number, length: number): void {
    if ((this.count + 1) * RECORD_ENTRY_BYTES > this.records.length) {
      const bigger = Buffer.allocUnsafe(this.records.length * 2);
      this.records.copy(bigger);
      this.records = bigger;
    }
    const e = this.count * RECORD_ENTRY_BYTES;
    this.records.set(id.subarray(0, 32), e);
    this.records.writeUInt32LE(offset, e + 32);
    this.records.writeUInt32LE(length, e + 36);
    this.count++;
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.data.length * 2, this.length + extra));
    this.data.copy(bigger, 0, 0, this.length);
    this.data = bigger;
  }
}

/** Plaintext bytes (or blocks) gathered before one sealing job is handed to the pool. */
const SEAL_JOB_BYTES = 1 << 20;
const SEAL_JOB_BLOCKS = 256;
/** Sealing jobs in flight before the writer waits for the oldest. */
const MAX_OUTSTANDING = 3;

/** Block-sized buffers kept for reuse (open blocks, sealing jobs in flight, their returns). */
const POOL_BUFFERS = 4;

interface QueuedBlock {
  /** The builder's whole buffer, recycled once the block is copied into a sealing job. */
  owner: Buffer;
  plain: Buffer;
  key: Buffer;
  aad: Buffer;
}

/**
 * Seals blocks into packs and uploads them; writes index objects only after
 * the packs they describe are stored (commit order packs → index). Blocks are
 * compressed and encrypted by a CryptoPool (worker threads during ingest) in
 * batches; their position in the pack is fixed when they arrive, their
 * offsets once their sealed bytes come back, in order. At most one pack
 * upload is in flight while the next pack fills.
 */
export class PackWriter {
  private packId = "";
  private packNo = -1;
  /**
   * The open pack's sealed blocks, copied in as they return from the pool:
   * one buffer per pack instead of a list of blocks concatenated at the end
   * (which held every pack twice while the previous one was still uploading).
   */
  private body: Buffer = EMPTY;
  private placed = 0;
  private size = 0;
  private blocks: PackBlock[] = [];
  private blockNumbers: number[] = [];
  private queue: QueuedBlock[] = [];
  private queueBytes = 0;
  private outstanding: Promise<SealResult>[] = [];
  /**
   * Free ~1 MB buffers: block plaintexts and sealing-job buffers go round
   * (builder → job → worker → back) instead of being dropped for the
   * garbage collector, which frees Buffers only after tens of MB of them.
   */
  private readonly spare: ArrayBuffer[] = [];
  /** Plaintext bytes queued or being sealed (not yet placed in the pack). */
  private unplacedPlain = 0;
  /** Sealed ÷ plaintext bytes so far, to estimate the pack size before sealed bytes return. */
  private placedPlain = 0;
  private placedSealed = 0;
  private inflight: Promise<void> | null = null;
  private sections: IndexPackSection[] = [];
  private sectionBytes = 0;
  packsWritten = 0;
  bytesWritten = 0;
  readonly packIds: string[] = [];
  readonly indexIds: string[] = [];

  constructor(
    private readonly ctx: RepoContext,
    private readonly session: Session,
    private readonly index: RecordIndex,
    private readonly beforeUpload: () => Promise<void> = async () => {},
    private readonly pool: CryptoPool = createInlinePool(),
  ) {}

  /** Queues a finished block for compression and sealing; uploads the pack when it is full. */
  async addBlock(builder: BlockBuilder): Promise<void> {
    if (builder.count === 0) return;
    if (this.packNo < 0) this.startPack();
    const keyRef = builder.keyRef ?? ZERO_KEY_REF;
    const position = this.blocks.length;
    this.blocks.push({
      offset: 0,
      length: 0,
      plainLength: builder.length,
      kind: builder.kind,
      keyRef: Buffer.from(keyRef),
      // A view: the finished builder is dropped, its entries are only read by encodePackHeader.
      records: builder.records.subarray(0, builder.count * RECORD_ENTRY_BYTES),
      count: builder.count,
    });
    this.blockNumbers.push(builder.block);
    const aad = blockAad(this.session.repoId, this.packId, position, builder.kind, keyRef);
    this.queue.push({ owner: builder.data, plain: builder.data.subarray(0, builder.length), key: builder.key, aad });
    this.queueBytes += builder.length;
    if (this.queueBytes >= SEAL_JOB_BYTES || this.queue.length >= SEAL_JOB_BLOCKS) this.dispatch();
    this.unplacedPlain += builder.length;
    if (this.outstanding.length > MAX_OUTSTANDING) await this.account();
    const ratio = this.placedPlain > 0 ? this.placedSealed / this.placedPlain : 1;
    if (this.size + this.unplacedPlain * ratio >= this.ctx.tuning.packTargetBytes) await this.finishPack();
  }

  /** Uploads the open pack and every pending index section. */
  async close(): Promise<void> {
    if (this.blocks.length > 0) await this.finishPack();
    await this.flushIndex();
  }

  /** A buffer of at least `size` bytes over a whole ArrayBuffer (transferable), recycled when possible. */
  takeBuffer(size: number): Buffer {
    const at = this.spare.findIndex((b) => b.byteLength >= size);
    if (at >= 0) return Buffer.from(this.spare.splice(at, 1)[0]);
    return Buffer.from(new ArrayBuffer(Math.max(size, this.ctx.tuning.blockTargetBytes + (64 << 10))));
  }

  private recycle(buffer: ArrayBuffer): void {
    if (buffer.byteLength >= this.ctx.tuning.blockTargetBytes && this.spare.length < POOL_BUFFERS) this.spare.push(buffer);
  }

  private dispatch(): void {
    if (this.queue.length === 0) return;
    const bytes = this.takeBuffer(this.queueBytes);
    const data = bytes.buffer as ArrayBuffer;
    let offset = 0;
    const blocks = this.queue.map((b) => {
      bytes.set(b.plain, offset);
      offset += b.plain.length;
      // Only a builder's own whole buffer goes back to the pool (not a slice of a shared one).
      if (b.owner.byteOffset === 0 && b.owner.length === b.owner.buffer.byteLength) this.recycle(b.owner.buffer as ArrayBuffer);
      return { offset: offset - b.plain.length, length: b.plain.length, key: b.key, aad: b.aad };
    });
    const job = this.pool.seal({ level: this.ctx.tuning.zstdLevel, data, blocks });
    // Awaited by account(); the no-op catch only stops an early abort from surfacing as unhandled.
    job.catch(() => {});
    this.outstanding.push(job);
    this.queue = [];
    this.queueBytes = 0;
  }

  /** Waits for the oldest sealing job and places its blocks at the end of the pack. */
  private async account(): Promise<void> {
    const job = this.outstanding.shift();
    if (!job) return;
    const result = await job;
    this.recycle(result.data);
    for (const sealed of result.sealed) {
      const position = this.placed++;
      const block = this.blocks[position];
      block.offset = this.size;
      block.length = sealed.length;
      this.index.setBlockLocation(this.blockNumbers[position], this.packNo, position, this.size, sealed.length, block.plainLength);
      if (this.size + sealed.length > this.body.length) this.growBody(sealed.length);
      this.body.set(sealed, this.size);
      this.size += sealed.length;
      this.unplacedPlain -= block.plainLength;
      this.placedPlain += block.plainLength;
      this.placedSealed += sealed.length;
    }
  }

  private startPack(): void {
    this.packId = randomHex(16);
    this.packNo = this.index.addPack(this.packId);
    // Packs end a little past the target (the last sealing job), plus the header.
    this.body = Buffer.allocUnsafe(this.ctx.tuning.packTargetBytes + Math.min(PACK_SLACK_BYTES, this.ctx.tuning.packTargetBytes));
    this.placed = 0;
    this.size = 0;
    this.blocks = [];
    this.blockNumbers = [];
  }

  private async finishPack(): Promise<void> {
    this.dispatch();
    while (this.outstanding.length > 0) await this.account();
    const header = encodePackHeader(this.blocks);
    const tailLength = packTailLength(header.length);
    if (this.size + tailLength > this.body.length) this.growBody(tailLength);
    const end = sealPackTailInto(this.session.dataKey, this.session.repoId, this.packId, header, this.body, this.size);
    const body = this.body.subarray(0, end);
    const key = this.ctx.layout.pack(this.packId);
    this.packIds.push(this.packId);
    this.sections.push({ packId: this.packId, header });
    this.sectionBytes += header.length;
    this.packNo = -1;
    this.body = EMPTY;
    this.blocks = [];
    this.blockNumbers = [];
    await this.inflight;
    await this.beforeUpload();
    const upload = this.ctx.store.put(key, body, { ifAbsent: true });
    // Awaited at the next pack or index flush; the no-op catch only stops an
    // early abort from surfacing as an unhandled rejection.
    upload.catch(() => {});
    this.inflight = upload;
    this.packsWritten++;
    this.bytesWritten += body.length;
    // A webhook batch's pack holds a few KB: a full collection there (on a heap
    // holding a large store's index) costs the batch time and frees nothing.
    if (body.length >= this.ctx.tuning.packTargetBytes / 2) collectGarbageIfExposed();
    if (this.sectionBytes >= INDEX_FLUSH_BYTES) await this.flushIndex();
  }

  private growBody(extra: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.body.length + (4 << 20), this.size + extra));
    this.body.copy(bigger, 0, 0, this.size);
    this.body = bigger;
  }

  private async flushIndex(): Promise<void> {
    await this.inflight;
    this.inflight = null;
    if (this.sections.length === 0) return;
    const { indexId, bytes } = await writeIndexObject(this.ctx, this.session, { packs: this.sections, redacted: [] });
    this.indexIds.push(indexId);
    this.bytesWritten += bytes;
    this.sections = [];
    this.sectionBytes = 0;
  }
}
