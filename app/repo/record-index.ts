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
/**
 * The table is split into 2^SEGMENT_BITS segments by the id's first bits,
 * each its own open-addressing table that grows alone. Growing one table
 * held the old and the new array at once: 56 + 84 MB while loading a
 * 2.75M-record index, more than the index itself. A segment is 1/64 of it.
 */
const SEGMENT_BITS = 6;
const SEGMENTS = 1 << SEGMENT_BITS;
/** A segment grows past this load (linear probing stays short: ~6 probes for a hit, ~50 for a miss at the worst). */
const MAX_LOAD = 0.9;
/** Sizing for a known count (reserve) leaves room for ~6% more before a segment grows. */
const RESERVE_LOAD = 0.85;
/** Small growth steps: a segment's load stays between MAX_LOAD / GROWTH (0.72) and MAX_LOAD. */
const GROWTH = 1.25;
const MIN_SEGMENT_SLOTS = 16;
/** Pack number of a block that no longer lives in any pack (its subject was forgotten). */
export const NO_PACK = 0xffffffff;

/** One open-addressing table of SLOT_WORDS u32 per slot; block word 0 marks an empty slot. */
interface Segment {
  slots: Uint32Array;
  capacity: number;
  used: number;
}

/**
 * The in-memory index: record id → (block, offset), and block → (pack,
 * offset, length, kind, key). Ids live in open-addressing tables over
 * Uint32Arrays (20 bytes a slot, load 0.72–0.9: ~25 bytes a record) and
 * blocks in typed arrays. A record's length is not kept: blocks store every
 * record as `u32 length ‖ bytes`, so it sits just before the record's offset.
 */
export class RecordIndex {
  private readonly segments: Segment[] = [];
  /** Slot numbers run over the segments in order: segment n's slots start at bases[n]. */
  private readonly bases = new Float64Array(SEGMENTS + 1);
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
    const perSegment = expectedRecords / SEGMENTS / RESERVE_LOAD;
    for (let n = 0; n < SEGMENTS; n++) {
      // Staggered start sizes: segments fill at the same pace (ids are uniform), and without this
      // they would all grow at once and all sit at the lowest load together.
      const capacity = Math.max(MIN_SEGMENT_SLOTS, Math.ceil(perSegment * GROWTH ** (n / SEGMENTS)));
      this.segments.push({ slots: new Uint32Array(capacity * SLOT_WORDS), capacity, used: 0 });
    }
    this.rebase();
  }

  get size(): number {
    return this.used;
  }
  /** Slot numbers are 0 … slotCount − 1 (they change when the index grows). */
  get slotCount(): number {
    return this.bases[SEGMENTS];
  }
  get blockCount(): number {
    return this.blocks;
  }
  get packCount(): number {
    return this.packIds.length;
  }
  /** Bytes of the id tables (what the index costs per record, for tests and benchmarks). */
  get tableBytes(): number {
    let bytes = 0;
    for (const segment of this.segments) bytes += segment.slots.byteLength;
    return bytes;
  }

  /** Slot holding `id` (first ID_PREFIX_BYTES compared), or -1. */
  find(id: Uint8Array): number {
    const w0 = word(id, 0);
    const w1 = word(id, 4);
    const w2 = word(id, 8);
    const segmentNo = w0 >>> (32 - SEGMENT_BITS);
    const { slots: s, capacity } = this.segments[segmentNo];
    let slot = home(w0, capacity);
    for (;;) {
      const base = slot * SLOT_WORDS;
      if (s[base + BLOCK_WORD] === 0) return -1;
      if (s[base] === w0 && s[base + 1] === w1 && s[base + 2] === w2) return this.bases[segmentNo] + slot;
      slot = slot + 1 === capacity ? 0 : slot + 1;
    }
  }

  /** Adds a record location; returns false (and changes nothing) if the id is already known. */
  add(id: Uint8Array, block: number, offset: number): boolean {
    const w0 = word(id, 0);
    const segment = this.segments[w0 >>> (32 - SEGMENT_BITS)];
    if ((segment.used + 1) / segment.capacity > MAX_LOAD) {
      resize(segment, Math.ceil(segment.capacity * GROWTH));
      this.rebase();
    }
    if (!insert(segment, w0, word(id, 4), word(id, 8), block + 1, offset)) return false;
    this.used++;
    return true;
  }

  /** Calls `visit` with every occupied slot (whole-table scans). */
  forEachSlot(visit: (slot: number) => void): void {
    for (let n = 0; n < SEGMENTS; n++) {
      const { slots, capacity } = this.segments[n];
      for (let slot = 0; slot < capacity; slot++) if (slots[slot * SLOT_WORDS + BLOCK_WORD] !== 0) visit(this.bases[n] + slot);
    }
  }
  /** True when the slot holds an entry. */
  occupied(slot: number): boolean {
    return this.word(slot, BLOCK_WORD) !== 0;
  }
  slotBlock(slot: number): number {
    return this.word(slot, BLOCK_WORD) - 1;
  }
  /** Offset of the record's bytes in its block's plaintext (its u32 length sits just before). */
  slotOffset(slot: number): number {
    return this.word(slot, OFFSET_WORD);
  }
  /** The id prefix of a slot (a copy, ID_PREFIX_BYTES long). */
  slotIdPrefix(slot: number): Buffer {
    const out = Buffer.allocUnsafe(ID_PREFIX_BYTES);
    out.writeUInt32LE(this.word(slot, 0), 0);
    out.writeUInt32LE(this.word(slot, 1), 4);
    out.writeUInt32LE(this.word(slot, 2), 8);
    return out;
  }
  private word(slot: number, at: number): number {
    // The segment whose range holds `slot`: the last base at or below it.
    const b = this.bases;
    let lo = 0;
    let hi = SEGMENTS - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (b[mid] <= slot) lo = mid;
      else hi = mid - 1;
    }
    return this.segments[lo].slots[(slot - b[lo]) * SLOT_WORDS + at];
  }
  private rebase(): void {
    for (let n = 0; n < SEGMENTS; n++) this.bases[n + 1] = this.bases[n] + this.segments[n].capacity;
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

  /**
   * Makes room for `records` entries in total. Sizing once from a known
   * count skips the segments' growth steps and leaves them at RESERVE_LOAD
   * rather than anywhere between 0.72 and 0.9.
   */
  reserve(records: number): void {
    const perSegment = Math.ceil(records / SEGMENTS / RESERVE_LOAD) + 1;
    for (const segment of this.segments) if (perSegment > segment.capacity) resize(segment, perSegment);
    this.rebase();
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

/** Home slot from the id's first word below the segment bits (multiply-shift keeps any capacity uniform). */
function home(w0: number, capacity: number): number {
  return Math.floor((((w0 << SEGMENT_BITS) >>> 0) * capacity) / 4294967296);
}

function insert(segment: Segment, w0: number, w1: number, w2: number, blockPlusOne: number, offset: number): boolean {
  const { slots: s, capacity } = segment;
  let slot = home(w0, capacity);
  for (;;) {
    const base = slot * SLOT_WORDS;
    if (s[base + BLOCK_WORD] === 0) {
      s[base] = w0;
      s[base + 1] = w1;
      s[base + 2] = w2;
      s[base + BLOCK_WORD] = blockPlusOne;
      s[base + OFFSET_WORD] = offset;
      segment.used++;
      return true;
    }
    if (s[base] === w0 && s[base + 1] === w1 && s[base + 2] === w2) return false;
    slot = slot + 1 === capacity ? 0 : slot + 1;
  }
}

function resize(segment: Segment, capacity: number): void {
  const old = segment.slots;
  const oldCapacity = segment.capacity;
  segment.slots = new Uint32Array(capacity * SLOT_WORDS);
  segment.capacity = capacity;
  segment.used = 0;
  for (let slot = 0; slot < oldCapacity; slot++) {
    const base = slot * SLOT_WORDS;
    const block = old[base + BLOCK_WORD];
    if (block !== 0) insert(segment, old[base], old[base + 1], old[base + 2], block, old[base + OFFSET_WORD]);
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
