import { BlockBuilder, type PackWriter } from "./pack-writer";
import type { RecordIndex } from "./record-index";
import type { SubjectKey } from "./subject-keys";
import type { RepoContext } from "./context";

/** The open block per kind; a subject block holds one subject's records only. */
export class BlockSink {
  private open = new Map<number, BlockBuilder>();
  constructor(
    private readonly ctx: RepoContext,
    private readonly index: RecordIndex,
    private readonly writer: PackWriter,
  ) {}

  async append(kind: number, subject: SubjectKey | null, id: Buffer, text: string, byteLength: number): Promise<void> {
    const builder = await this.builderFor(kind, subject?.keyRef ?? null, subject?.key);
    const offset = builder.appendString(id, text, byteLength);
    this.index.add(id, builder.block, offset);
    if (builder.length >= this.ctx.tuning.blockTargetBytes) await this.flush(kind);
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
    const builder = this.open.get(kind);
    if (!builder || (keyRef && !builder.keyRef?.equals(keyRef))) {
      return this.builderFor(kind, keyRef, key).then((b) => this.put(kind, b, id, bytes));
    }
    return this.put(kind, builder, id, bytes);
  }

  /** Seals every open block. */
  async flushAll(): Promise<void> {
    for (const kind of [...this.open.keys()]) await this.flush(kind);
  }

  async flush(kind: number): Promise<void> {
    const builder = this.open.get(kind);
    if (!builder) return;
    this.open.delete(kind);
    await this.writer.addBlock(builder);
  }

  private put(kind: number, builder: BlockBuilder, id: Uint8Array, bytes: Uint8Array): Promise<void> | undefined {
    const offset = builder.appendBytes(id, bytes);
    this.index.add(id, builder.block, offset);
    return builder.length >= this.ctx.tuning.blockTargetBytes ? this.flush(kind) : undefined;
  }

  private async builderFor(kind: number, keyRef: Buffer | null, knownKey?: Buffer): Promise<BlockBuilder> {
    let builder = this.open.get(kind);
    if (builder && keyRef && !builder.keyRef?.equals(keyRef)) {
      await this.flush(kind);
      builder = undefined;
    }
    if (!builder) {
      const key = keyRef ? (knownKey ?? (await this.session().subjects.keyFor(keyRef))) : this.session().dataKey;
      const ref = keyRef ? Buffer.from(keyRef) : null;
      const capacity = keyRef ? 2048 : this.ctx.tuning.blockTargetBytes + (64 << 10);
      const recycled = keyRef ? undefined : this.writer.takeBuffer(capacity);
      builder = new BlockBuilder(kind, ref, key, this.index.addBlock(kind, ref), capacity, recycled);
      this.open.set(kind, builder);
    }
    return builder;
  }

  private session() {
    const session = this.ctx.session;
    if (!session) throw new Error("Repository is not open");
    return session;
  }
}
