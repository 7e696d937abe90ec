import { BlockBuilder, type PackWriter } from "./pack-writer";
import type { RecordIndex } from "./record-index";
import type { SubjectKey } from "./subject-keys";
import type { RepoContext } from "./context";
import { BlockKind } from "./format";

/**
 * Data records this large (image bytes as base64, mostly) go to data blocks
 * of their own. In one stream with the small records they made most of the
 * bytes of the blocks products sat in (a product is followed by its images),
 * so reading 100k products back decoded every image too: ~10 of the large
 * store's ~16-minute catalog step went to products and their image sources,
 * where orders (no images) went at ~4,000 records a second.
 */
export const LARGE_RECORD_BYTES = 16 << 10;
/** Open-block slot of large data records (slots below it are block kinds). */
const LARGE_DATA_SLOT = 1 << 8;
const slotOf = (kind: number, byteLength: number): number => (kind === BlockKind.data && byteLength >= LARGE_RECORD_BYTES ? LARGE_DATA_SLOT : kind);

/**
 * The open block per kind (and one more for large data records); a subject
 * block holds one subject's records only.
 */
export class BlockSink {
  private open = new Map<number, BlockBuilder>();
  constructor(
    private readonly ctx: RepoContext,
    private readonly index: RecordIndex,
    private readonly writer: PackWriter,
  ) {}

  async append(kind: number, subject: SubjectKey | null, id: Buffer, text: string, byteLength: number): Promise<void> {
    const slot = slotOf(kind, byteLength);
    const builder = await this.builderFor(slot, kind, subject?.keyRef ?? null, subject?.key);
    const offset = builder.appendString(id, text, byteLength);
    this.index.add(id, builder.block, offset);
    if (builder.length >= this.ctx.tuning.blockTargetBytes) await this.flushSlot(slot);
  }

  async appendBytes(kind: number, subject: SubjectKey | null, id: Uint8Array, bytes: Uint8Array): Promise<void> {
    const pending = this.appendRecord(kind, subject?.keyRef ?? null, id, bytes, subject?.key);
    if (pending) await pending;
  }

  /**
   * Appends one record; the subject key (if any) is looked up only when a new
   * block needs it. Returns a promise only when there is something to wait
   * for (a new subject block or a full block), so the common case costs no
   * microtask per record.
   */
  appendRecord(kind: number, keyRef: Buffer | null, id: Uint8Array, bytes: Uint8Array, key?: Buffer): Promise<void> | undefined {
    const slot = slotOf(kind, bytes.length);
    const builder = this.open.get(slot);
    if (!builder || (keyRef && !builder.keyRef?.equals(keyRef))) {
      return this.builderFor(slot, kind, keyRef, key).then((b) => this.put(slot, b, id, bytes));
    }
    return this.put(slot, builder, id, bytes);
  }

  /** Seals every open block. */
  async flushAll(): Promise<void> {
    for (const slot of [...this.open.keys()]) await this.flushSlot(slot);
  }

  /** Seals the open blocks of `kind` (both of them for data). */
  async flush(kind: number): Promise<void> {
    await this.flushSlot(kind);
    if (kind === BlockKind.data) await this.flushSlot(LARGE_DATA_SLOT);
  }

  private async flushSlot(slot: number): Promise<void> {
    const builder = this.open.get(slot);
    if (!builder) return;
    this.open.delete(slot);
    await this.writer.addBlock(builder);
  }

  private put(slot: number, builder: BlockBuilder, id: Uint8Array, bytes: Uint8Array): Promise<void> | undefined {
    const offset = builder.appendBytes(id, bytes);
    this.index.add(id, builder.block, offset);
    return builder.length >= this.ctx.tuning.blockTargetBytes ? this.flushSlot(slot) : undefined;
  }

  private async builderFor(slot: number, kind: number, keyRef: Buffer | null, knownKey?: Buffer): Promise<BlockBuilder> {
    let builder = this.open.get(slot);
    if (builder && keyRef && !builder.keyRef?.equals(keyRef)) {
      await this.flushSlot(slot);
      builder = undefined;
    }
    if (!builder) {
      const key = keyRef ? (knownKey ?? (await this.session().subjects.keyFor(keyRef))) : this.session().dataKey;
      const ref = keyRef ? Buffer.from(keyRef) : null;
      const capacity = keyRef ? 2048 : this.ctx.tuning.blockTargetBytes + (64 << 10);
      const recycled = keyRef ? undefined : this.writer.takeBuffer(capacity);
      builder = new BlockBuilder(kind, ref, key, this.index.addBlock(kind, ref), capacity, recycled);
      this.open.set(slot, builder);
    }
    return builder;
  }

  private session() {
    const session = this.ctx.session;
    if (!session) throw new Error("Repository is not open");
    return session;
  }
}
