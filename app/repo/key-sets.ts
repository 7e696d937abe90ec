import { IntegrityError } from "~/errors";
import { NameTable } from "./name-table";

const VERSION = 1;
const NAME_BYTES = 16;
const KEY_BYTES = 32;

/** Raw key-set content: n names (16 bytes each) and their keys (32 bytes each), in the same order. */
export interface KeySet {
  names: Buffer;
  keys: Buffer;
}

/** Key-set plaintext: u8 version ‖ u32 n ‖ names (16·n) ‖ keys (32·n). */
export function encodeKeySet(set: KeySet): Buffer {
  const n = set.names.length / NAME_BYTES;
  const head = Buffer.alloc(5);
  head[0] = VERSION;
  head.writeUInt32LE(n, 1);
  return Buffer.concat([head, set.names, set.keys]);
}

/** A decoded key set with a name lookup. */
export class LoadedKeySet implements KeySet {
  private table: NameTable | undefined;
  constructor(
    readonly names: Buffer,
    readonly keys: Buffer,
  ) {}

  get count(): number {
    return this.names.length / NAME_BYTES;
  }

  name(i: number): Buffer {
    return this.names.subarray(i * NAME_BYTES, (i + 1) * NAME_BYTES);
  }

  /** The key stored for `name`, or undefined. */
  lookup(name: Uint8Array): Buffer | undefined {
    if (!this.table) {
      const table = new NameTable(this.count);
      for (let i = 0; i < this.count; i++) table.set(this.name(i), i);
      this.table = table;
    }
    const i = this.table.get(name);
    return i < 0 ? undefined : this.keys.subarray(i * KEY_BYTES, (i + 1) * KEY_BYTES);
  }

  /** This set without `name`'s entries (the same object when it has none). */
  without(name: Uint8Array): LoadedKeySet {
    const keep: number[] = [];
    for (let i = 0; i < this.count; i++) if (!this.name(i).equals(name)) keep.push(i);
    if (keep.length === this.count) return this;
    return new LoadedKeySet(
      Buffer.concat(keep.map((i) => this.name(i))),
      Buffer.concat(keep.map((i) => this.keys.subarray(i * KEY_BYTES, (i + 1) * KEY_BYTES))),
    );
  }
}

/** Parses key-set plaintext; IntegrityError when malformed. */
export function decodeKeySet(buf: Buffer, context: Record<string, unknown>): LoadedKeySet {
  if (buf.length < 5 || buf[0] !== VERSION) throw new IntegrityError("Malformed subject key set", context);
  const n = buf.readUInt32LE(1);
  if (buf.length !== 5 + n * (NAME_BYTES + KEY_BYTES)) throw new IntegrityError("Malformed subject key set", context);
  const names = buf.subarray(5, 5 + n * NAME_BYTES);
  return new LoadedKeySet(names, buf.subarray(5 + n * NAME_BYTES));
}

/** A small LRU of decoded key sets by key id; null records "no such object". */
export class KeySetCache {
  private readonly entries = new Map<string, LoadedKeySet | null>();
  constructor(private readonly limit: number) {}

  get(keyId: string): LoadedKeySet | null | undefined {
    const hit = this.entries.get(keyId);
    if (hit !== undefined) {
      this.entries.delete(keyId);
      this.entries.set(keyId, hit);
    }
    return hit;
  }

  set(keyId: string, set: KeySet | LoadedKeySet | null): void {
    const loaded = set === null || set instanceof LoadedKeySet ? set : new LoadedKeySet(set.names, set.keys);
    this.entries.delete(keyId);
    this.entries.set(keyId, loaded);
    if (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(keyId: string): void {
    this.entries.delete(keyId);
  }

  /** Drops the entries recorded as absent (null). */
  deleteAbsent(): void {
    for (const [keyId, set] of [...this.entries]) if (set === null) this.entries.delete(keyId);
  }
}
