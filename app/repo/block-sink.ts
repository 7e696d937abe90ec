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
    const builder = await this.builderFor(kind, subject);
    const offset = builder.appendString(id, text, byteLength);
    this.index.add(id, builder.block, offset, byteLength);
    if (builder.length >= this.ctx.tuning.blockTargetBytes) await this.flush(kind);
  }

  async appendBytes(kind: number, subject: SubjectKey | null, id: Uint8Array, bytes: Uint8Array): Promise<void> {
    const builder = await this.builderFor(kind, subject);
    const offset = builder.appendBytes(id, bytes);
    this.index.add(id, builder.block, offset, bytes.length);
    if (builder.length >= this.ctx.tuning.blockTargetBytes) await this.flush(kind);
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

  private async builderFor(kind: number, subject: SubjectKey | null): Promise<BlockBuilder> {
    let builder = this.open.get(kind);
    if (builder && subject && !builder.keyRef?.equals(subject.keyRef)) {
      await this.flush(kind);
      builder = undefined;
    }
    if (!builder) {
      const key = subject ? subject.key : this.sessionKey();
      const keyRef = subject ? subject.keyRef : null;
      const capacity = subject ? 4096 : this.ctx.tuning.blockTargetBytes + (64 << 10);
      builder = new BlockBuilder(kind, keyRef, key, this.index.addBlock(kind, keyRef), capacity);
      this.open.set(kind, builder);
    }
    return builder;
  }

  private sessionKey(): Buffer {
    const key = this.ctx.session?.dataKey;
    if (!key) throw new Error("Repository is not open");
    return key;
  }
}
