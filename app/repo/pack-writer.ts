import { seal, randomHex } from "./crypto";
import { compress } from "./compress";
import { KEY_REF_BYTES } from "./format";
import type { IndexPackSection } from "./index-format";
import { writeIndexObject } from "./index-store";
import { blockAad, encodePackHeader, RECORD_ENTRY_BYTES, sealPackTail, type PackBlock } from "./pack-format";
import type { RecordIndex } from "./record-index";
import type { RepoContext, Session } from "./context";

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
    this.records = Buffer.allocUnsafe(64 * RECORD_ENTRY_BYTES);
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

/**
 * Seals blocks into packs and uploads them; writes index objects only after
 * the packs they describe are stored (commit order packs → index). At most
 * one pack upload is in flight while the next pack fills.
 */
export class PackWriter {
  private packId = "";
  private packNo = -1;
  private parts: Buffer[] = [];
  private size = 0;
  private blocks: PackBlock[] = [];
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
  ) {}

  /** Compresses, seals and appends a finished block; uploads the pack when it is full. */
  async addBlock(builder: BlockBuilder): Promise<void> {
    if (builder.count === 0) return;
    if (this.packNo < 0) this.startPack();
    const keyRef = builder.keyRef ?? ZERO_KEY_REF;
    const position = this.blocks.length;
    const plain = builder.data.subarray(0, builder.length);
    const sealed = seal(
      builder.key,
      blockAad(this.session.repoId, this.packId, position, builder.kind, keyRef),
      compress(plain, this.ctx.tuning.zstdLevel),
    );
    this.blocks.push({
      offset: this.size,
      length: sealed.length,
      plainLength: builder.length,
      kind: builder.kind,
      keyRef: Buffer.from(keyRef),
      records: Buffer.from(builder.records.subarray(0, builder.count * RECORD_ENTRY_BYTES)),
      count: builder.count,
    });
    this.index.setBlockLocation(builder.block, this.packNo, position, this.size, sealed.length, builder.length);
    this.parts.push(sealed);
    this.size += sealed.length;
    if (this.size >= this.ctx.tuning.packTargetBytes) await this.finishPack();
  }

  /** Uploads the open pack and every pending index section. */
  async close(): Promise<void> {
    if (this.blocks.length > 0) await this.finishPack();
    await this.flushIndex();
  }

  private startPack(): void {
    this.packId = randomHex(16);
    this.packNo = this.index.addPack(this.packId);
    this.parts = [];
    this.size = 0;
    this.blocks = [];
  }

  private async finishPack(): Promise<void> {
    const header = encodePackHeader(this.blocks);
    const body = Buffer.concat([...this.parts, sealPackTail(this.session.dataKey, this.session.repoId, this.packId, header)]);
    const key = this.ctx.layout.pack(this.packId);
    this.packIds.push(this.packId);
    this.sections.push({ packId: this.packId, header });
    this.sectionBytes += header.length;
    this.packNo = -1;
    this.parts = [];
    this.blocks = [];
    await this.inflight;
    await this.beforeUpload();
    const upload = this.ctx.store.put(key, body, { ifAbsent: true });
    // Awaited at the next pack or index flush; the no-op catch only stops an
    // early abort from surfacing as an unhandled rejection.
    upload.catch(() => {});
    this.inflight = upload;
    this.packsWritten++;
    this.bytesWritten += body.length;
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
