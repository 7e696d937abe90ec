import { KEY_REF_BYTES } from "./format";

/**
 * Bytes of the record id kept in memory. 96 bits: a lookup of a new record
 * falsely matches a stored one with probability n / 2^96 (~3e-23 at two
 * million records), far below any hardware error rate, and every read
 * re-hashes the record against its full id anyway. 16 bytes cost 4 more per
 * slot (~11 MB at two million records) for no practical gain.
 */
export const ID_PREFIX_BYTES = 12;
/** u32 words per slot: id prefix (3) | block+1 | offset of the record's bytes in the block plaintext. */
const SLOT_WORDS = 5;
const BLOCK_WORD = 3;
const OFFSET_WORD = 4;
const MAX_LOAD = 0.8;
/** Pack number of a block that no longer lives in any pack (its subject was forgotten). */
export const NO_PACK = 0xffffffff;

/**
 * The in-memory index: record id → (block, offset), and block → (pack,
 * offset, length, kind, key). Ids live in an open-addressing table over one
 * Uint32Array (20 bytes a slot, load ≤ 0.8: ~25 bytes a record) and blocks in
 * typed arrays. A record's length is not kept: blocks store every record as
 * `u32 length ‖ bytes`, so it sits just before the record's offset.
 */
export class RecordIndex {
  private slots: Uint32Array;
  private capacity: number;
  private used = 0;

  private blockPack = new Uint32Array(64);
  private blockInPack = new Uint32Array(64);
  private blockOffset = new Uint32Array(64);
  private blockLength = new Uint32Array(64);
  private blockPlain = new Uint32Array(64);
  private blockKinds = new Uint8Array(64);
  private blockKeyRefs = Buffer.alloc(64 * KEY_REF_BYTES);
  private blocks = 0;

  private readonly packIds: string[] = [];
  private readonly packNumbers = new Map<string, number>();

  constructor(expectedRecords = 1024) {
    this.capacity = Math.max(64, Math.ceil(expectedRecords / MAX_LOAD));
    this.slots = new Uint32Array(this.capacity * SLOT_WORDS);
  }

  get size(): number {
    return this.used;
  }
  get slotCount(): number {
    return this.capacity;
  }
  get blockCount(): number {
    return this.blocks;
  }
  get packCount(): number {
    return this.packIds.length;
  }

  /** Slot holding `id` (first ID_PREFIX_BYTES compared), or -1. */
  find(id: Uint8Array): number {
    const w0 = word(id, 0);
    const w1 = word(id, 4);
    const w2 = word(id, 8);
    const s = this.slots;
    let slot = this.home(w0);
    for (;;) {
      const base = slot * SLOT_WORDS;
      if (s[base + BLOCK_WORD] === 0) return -1;
      if (s[base] === w0 && s[base + 1] === w1 && s[base + 2] === w2) return slot;
      slot = slot + 1 === this.capacity ? 0 : slot + 1;
    }
  }

  /** Adds a record location; returns false (and changes nothing) if the id is already known. */
  add(id: Uint8Array, block: number, offset: number): boolean {
    if ((this.used + 1) / this.capacity > MAX_LOAD) this.grow();
    return this.insert(word(id, 0), word(id, 4), word(id, 8), block + 1, offset);
  }

  private insert(w0: number, w1: number, w2: number, blockPlusOne: number, offset: number): boolean {
    const s = this.slots;
    let slot = this.home(w0);
    for (;;) {
      const base = slot * SLOT_WORDS;
      if (s[base + BLOCK_WORD] === 0) {
        s[base] = w0;
        s[base + 1] = w1;
        s[base + 2] = w2;
        s[base + BLOCK_WORD] = blockPlusOne;
        s[base + OFFSET_WORD] = offset;
        this.used++;
        return true;
      }
      if (s[base] === w0 && s[base + 1] === w1 && s[base + 2] === w2) return false;
      slot = slot + 1 === this.capacity ? 0 : slot + 1;
    }
  }

  /** True when the slot holds an entry (for whole-table scans). */
  occupied(slot: number): boolean {
    return this.slots[slot * SLOT_WORDS + BLOCK_WORD] !== 0;
  }
  slotBlock(slot: number): number {
    return this.slots[slot * SLOT_WORDS + BLOCK_WORD] - 1;
  }
  /** Offset of the record's bytes in its block's plaintext (its u32 length sits just before). */
  slotOffset(slot: number): number {
    return this.slots[slot * SLOT_WORDS + OFFSET_WORD];
  }
  /** The id prefix of a slot (a copy, ID_PREFIX_BYTES long). */
  slotIdPrefix(slot: number): Buffer {
    const out = Buffer.allocUnsafe(ID_PREFIX_BYTES);
    const base = slot * SLOT_WORDS;
    out.writeUInt32LE(this.slots[base], 0);
    out.writeUInt32LE(this.slots[base + 1], 4);
    out.writeUInt32LE(this.slots[base + 2], 8);
    return out;
  }

  /** Registers a pack id and returns its number (idempotent). */
  addPack(packId: string): number {
    const known = this.packNumbers.get(packId);
    if (known !== undefined) return known;
    this.packIds.push(packId);
    this.packNumbers.set(packId, this.packIds.length - 1);
    return this.packIds.length - 1;
  }
  packNumber(packId: string): number | undefined {
    return this.packNumbers.get(packId);
  }
  packId(packNo: number): string {
    return this.packIds[packNo];
  }
  allPackIds(): readonly string[] {
    return this.packIds;
  }

  /** Allocates a block whose location is filled in when it is sealed into a pack. */
  addBlock(kind: number, keyRef: Uint8Array | null): number {
    if (this.blocks === this.blockPack.length) this.growBlocks();
    const b = this.blocks++;
    this.blockKinds[b] = kind;
    this.blockPack[b] = NO_PACK;
    if (keyRef) this.blockKeyRefs.set(keyRef, b * KEY_REF_BYTES);
    return b;
  }
  setBlockLocation(
    block: number,
    packNo: number,
    indexInPack: number,
    offset: number,
    length: number,
    plainLength: number,
  ): void {
    this.blockPack[block] = packNo;
    this.blockInPack[block] = indexInPack;
    this.blockOffset[block] = offset;
    this.blockLength[block] = length;
    this.blockPlain[block] = plainLength;
  }
  blockPackNo(block: number): number {
    return this.blockPack[block];
  }
  /** Position of the block within its pack (part of the block's AAD). */
  blockIndexInPack(block: number): number {
    return this.blockInPack[block];
  }
  blockStoredOffset(block: number): number {
    return this.blockOffset[block];
  }
  blockStoredLength(block: number): number {
    return this.blockLength[block];
  }
  blockPlainLength(block: number): number {
    return this.blockPlain[block];
  }
  blockKind(block: number): number {
    return this.blockKinds[block];
  }
  /** The 32-byte subject key reference of a subject block (a view; copy to keep). */
  blockKeyRef(block: number): Buffer {
    return this.blockKeyRefs.subarray(block * KEY_REF_BYTES, (block + 1) * KEY_REF_BYTES);
  }

  private home(w0: number): number {
    // Multiply-shift instead of modulo keeps any capacity (not just powers of two) uniform.
    return Math.floor((w0 * this.capacity) / 4294967296);
  }

  /**
   * Makes room for `records` entries in total without growing again. Growing
   * holds the old and the new table at once (2.5× the old size at 1.5×
   * growth), so sizing once from a known count keeps the peak at one table.
   */
  reserve(records: number): void {
    const capacity = Math.ceil(records / MAX_LOAD) + 1;
    if (capacity > this.capacity) this.resize(capacity);
  }

  private grow(): void {
    this.resize(Math.ceil(this.capacity * (this.capacity < 1 << 20 ? 2 : 1.5)));
  }

  private resize(capacity: number): void {
    const old = this.slots;
    const oldCapacity = this.capacity;
    this.capacity = capacity;
    this.slots = new Uint32Array(this.capacity * SLOT_WORDS);
    this.used = 0;
    for (let slot = 0; slot < oldCapacity; slot++) {
      const base = slot * SLOT_WORDS;
      const block = old[base + BLOCK_WORD];
      if (block === 0) continue;
      this.insert(old[base], old[base + 1], old[base + 2], block, old[base + OFFSET_WORD]);
    }
  }

  private growBlocks(): void {
    const n = this.blockPack.length * 2;
    const grow32 = (a: Uint32Array) => {
      const b = new Uint32Array(n);
      b.set(a);
      return b;
    };
    this.blockPack = grow32(this.blockPack);
    this.blockInPack = grow32(this.blockInPack);
    this.blockOffset = grow32(this.blockOffset);
    this.blockLength = grow32(this.blockLength);
    this.blockPlain = grow32(this.blockPlain);
    const kinds = new Uint8Array(n);
    kinds.set(this.blockKinds);
    this.blockKinds = kinds;
    const refs = Buffer.alloc(n * KEY_REF_BYTES);
    this.blockKeyRefs.copy(refs);
    this.blockKeyRefs = refs;
  }
}

/** Little-endian u32 at `at` (ids are uniformly random, so any byte order serves as a hash). */
function word(id: Uint8Array, at: number): number {
  return (id[at] | (id[at + 1] << 8) | (id[at + 2] << 16) | (id[at + 3] << 24)) >>> 0;
}

/**
 * A record's bytes in its block's plaintext: the u32 length stored just
 * before `offset`, checked against the block's bounds. Undefined if it does
 * not fit (a damaged block or index).
 */
export function recordAt(plain: Buffer, offset: number): Buffer | undefined {
  if (offset < 4 || offset > plain.length) return undefined;
  const length = plain.readUInt32LE(offset - 4);
  if (offset + length > plain.length) return undefined;
  return plain.subarray(offset, offset + length);
}
