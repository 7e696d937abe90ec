import { KEY_REF_BYTES } from "./format";

/** Bytes of the record id kept in memory; 128 bits keep collisions out of reach. */
export const ID_PREFIX_BYTES = 16;
const SLOT_BYTES = 28; // id prefix 16 | block+1 u32 | offset u32 | length u32
const MAX_LOAD = 0.75;
/** Pack number of a block that no longer lives in any pack (its subject was forgotten). */
export const NO_PACK = 0xffffffff;

/**
 * The in-memory index: record id → (block, offset, length), and block → (pack,
 * offset, length, kind, key). Ids live in an open-addressing table over one
 * Buffer and blocks in typed arrays, so a million records cost ~40 MB, not the
 * hundreds a Map of strings would.
 */
export class RecordIndex {
  private slots: Buffer;
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
    this.slots = Buffer.alloc(this.capacity * SLOT_BYTES);
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

  /** Slot holding `id` (first 16 bytes compared), or -1. */
  find(id: Uint8Array): number {
    let slot = this.home(id);
    for (;;) {
      const base = slot * SLOT_BYTES;
      if (this.slots.readUInt32LE(base + 16) === 0) return -1;
      if (this.sameId(base, id)) return slot;
      slot = slot + 1 === this.capacity ? 0 : slot + 1;
    }
  }

  /** Adds a record location; returns false (and changes nothing) if the id is already known. */
  add(id: Uint8Array, block: number, offset: number, length: number): boolean {
    if ((this.used + 1) / this.capacity > MAX_LOAD) this.grow();
    let slot = this.home(id);
    for (;;) {
      const base = slot * SLOT_BYTES;
      if (this.slots.readUInt32LE(base + 16) === 0) {
        this.slots.set(id.subarray(0, ID_PREFIX_BYTES), base);
        this.slots.writeUInt32LE(block + 1, base + 16);
        this.slots.writeUInt32LE(offset, base + 20);
        this.slots.writeUInt32LE(length, base + 24);
        this.used++;
        return true;
      }
      if (this.sameId(base, id)) return false;
      slot = slot + 1 === this.capacity ? 0 : slot + 1;
    }
  }

  /** True when the slot holds an entry (for whole-table scans). */
  occupied(slot: number): boolean {
    return this.slots.readUInt32LE(slot * SLOT_BYTES + 16) !== 0;
  }
  slotBlock(slot: number): number {
    return this.slots.readUInt32LE(slot * SLOT_BYTES + 16) - 1;
  }
  slotOffset(slot: number): number {
    return this.slots.readUInt32LE(slot * SLOT_BYTES + 20);
  }
  slotLength(slot: number): number {
    return this.slots.readUInt32LE(slot * SLOT_BYTES + 24);
  }
  slotIdPrefix(slot: number): Buffer {
    return this.slots.subarray(slot * SLOT_BYTES, slot * SLOT_BYTES + ID_PREFIX_BYTES);
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

  private home(id: Uint8Array): number {
    const h = ((id[0] << 24) | (id[1] << 16) | (id[2] << 8) | id[3]) >>> 0;
    // Multiply-shift instead of modulo keeps any capacity (not just powers of two) uniform.
    return Math.floor((h * this.capacity) / 4294967296);
  }

  private sameId(base: number, id: Uint8Array): boolean {
    const s = this.slots;
    for (let i = 0; i < ID_PREFIX_BYTES; i++) if (s[base + i] !== id[i]) return false;
    return true;
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
    this.slots = Buffer.alloc(this.capacity * SLOT_BYTES);
    this.used = 0;
    for (let slot = 0; slot < oldCapacity; slot++) {
      const base = slot * SLOT_BYTES;
      const block = old.readUInt32LE(base + 16);
      if (block === 0) continue;
      this.add(old.subarray(base, base + ID_PREFIX_BYTES), block - 1, old.readUInt32LE(base + 20), old.readUInt32LE(base + 24));
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
