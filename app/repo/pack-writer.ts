import { randomHex } from "./crypto";
import { collectGarbageIfExposed } from "./gc-hint";
import { KEY_REF_BYTES } from "./format";
import type { IndexPackSection } from "./index-format";
import { writeIndexObject } from "./index-store";
import { blockAad, encodePackHeader, RECORD_ENTRY_BYTES, sealPackTail, type PackBlock } from "./pack-format";
import type { RecordIndex } from "./record-index";
import type { RepoContext, Session } from "./context";
import { createInlinePool, type CryptoPool } from "./worker-pool";

const ZERO_KEY_REF = Buffer.alloc(KEY_REF_BYTES);
/** Index objects are flushed once this many header bytes are pending, bounding writer memory. */
const INDEX_FLUSH_BYTES = 4 << 20;

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
  ) {
    this.data = Buffer.allocUnsafe(capacity);
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

interface QueuedBlock {
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
  private parts: Buffer[] = [];
  private size = 0;
  private blocks: PackBlock[] = [];
  private blockNumbers: number[] = [];
  private queue: QueuedBlock[] = [];
  private queueBytes = 0;
  private outstanding: Promise<Buffer[]>[] = [];
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
      records: Buffer.from(builder.records.subarray(0, builder.count * RECORD_ENTRY_BYTES)),
      count: builder.count,
    });
    this.blockNumbers.push(builder.block);
    const aad = blockAad(this.session.repoId, this.packId, position, builder.kind, keyRef);
    this.queue.push({ plain: builder.data.subarray(0, builder.length), key: builder.key, aad });
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

  private dispatch(): void {
    if (this.queue.length === 0) return;
    const data = new ArrayBuffer(this.queueBytes);
    const bytes = new Uint8Array(data);
    let offset = 0;
    const blocks = this.queue.map((b) => {
      bytes.set(b.plain, offset);
      offset += b.plain.length;
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
    for (const sealed of await job) {
      const position = this.parts.length;
      const block = this.blocks[position];
      block.offset = this.size;
      block.length = sealed.length;
      this.index.setBlockLocation(this.blockNumbers[position], this.packNo, position, this.size, sealed.length, block.plainLength);
      this.parts.push(sealed);
      this.size += sealed.length;
      this.unplacedPlain -= block.plainLength;
      this.placedPlain += block.plainLength;
      this.placedSealed += sealed.length;
    }
  }

  private startPack(): void {
    this.packId = randomHex(16);
    this.packNo = this.index.addPack(this.packId);
    this.parts = [];
    this.size = 0;
    this.blocks = [];
    this.blockNumbers = [];
  }

  private async finishPack(): Promise<void> {
    this.dispatch();
    while (this.outstanding.length > 0) await this.account();
    const header = encodePackHeader(this.blocks);
    const body = Buffer.concat([...this.parts, sealPackTail(this.session.dataKey, this.session.repoId, this.packId, header)]);
    const key = this.ctx.layout.pack(this.packId);
    this.packIds.push(this.packId);
    this.sections.push({ packId: this.packId, header });
    this.sectionBytes += header.length;
    this.packNo = -1;
    this.parts = [];
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
    collectGarbageIfExposed();
    if (this.sectionBytes >= INDEX_FLUSH_BYTES) await this.flushIndex();
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
