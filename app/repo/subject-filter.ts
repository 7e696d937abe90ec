import type { RecordIndex } from "./record-index";
import { BlockKind } from "./format";

/** Bits per expected entry; with 3 probes about 1.5% false positives. */
const BITS_PER_ENTRY = 12;
const MIN_BITS = 1 << 16;
const MAX_BITS = 1 << 28;

/**
 * A Bloom filter of the ids of stored subject records, in shared memory so
 * the hashing workers can read it: a record whose id is probably stored is
 * hashed but not sealed (sealing costs a compressor and a cipher call per
 * record; an unchanged customer would be sealed only to be thrown away).
 * Record ids are keyed hashes, so their bytes serve as the filter's hashes.
 * False positives are sealed by the writer itself. Must match
 * `filterMayHave` in the worker source (worker-pool.ts).
 */
export class SubjectFilter {
  readonly shared: SharedArrayBuffer;
  private readonly bits: Uint8Array;
  private readonly mask: number;
  /** Ids added; past `bits / BITS_PER_ENTRY` false positives climb, and the writer rebuilds a bigger filter. */
  entries = 0;

  constructor(expectedEntries: number, shared?: SharedArrayBuffer) {
    let size = MIN_BITS;
    while (size < expectedEntries * BITS_PER_ENTRY && size < MAX_BITS) size *= 2;
    this.shared = shared ?? new SharedArrayBuffer(size / 8);
    this.bits = new Uint8Array(this.shared);
    this.mask = this.shared.byteLength * 8 - 1;
  }

  /** A view of a filter's shared bits (the inline hashing path). */
  static over(shared: SharedArrayBuffer): SubjectFilter {
    return new SubjectFilter(0, shared);
  }

  /** A filter holding every sealed subject record the index knows, sized for `moreEntries` new ones. */
  static fromIndex(index: RecordIndex, moreEntries: number): SubjectFilter {
    // Subject records of v1–v2 blocks (kind 3) have the same ids, so they count as stored too.
    const sealedBlock = (slot: number) => {
      const kind = index.blockKind(index.slotBlock(slot));
      return kind === BlockKind.sealedRecords || kind === BlockKind.subject;
    };
    let stored = 0;
    index.forEachSlot((slot) => {
      if (sealedBlock(slot)) stored++;
    });
    const filter = new SubjectFilter(stored + moreEntries);
    index.forEachSlot((slot) => {
      if (sealedBlock(slot)) filter.add(index.slotIdPrefix(slot));
    });
    return filter;
  }

  get full(): boolean {
    return this.entries * BITS_PER_ENTRY > this.mask + 1 && this.mask + 1 < MAX_BITS;
  }

  add(id: Uint8Array): void {
    this.entries++;
    for (let k = 0; k < 3; k++) {
      const bit = probe(id, k) & this.mask;
      this.bits[bit >>> 3] |= 1 << (bit & 7);
    }
  }

  mayHave(id: Uint8Array): boolean {
    for (let k = 0; k < 3; k++) {
      const bit = probe(id, k) & this.mask;
      if ((this.bits[bit >>> 3] & (1 << (bit & 7))) === 0) return false;
    }
    return true;
  }
}

/** Probe k reads id bytes 4k+4 … 4k+7 (the index's hash uses bytes 0–3). */
function probe(id: Uint8Array, k: number): number {
  const o = 4 + 4 * k;
  return ((id[o] << 24) | (id[o + 1] << 16) | (id[o + 2] << 8) | id[o + 3]) >>> 0;
}

/** The same test as SubjectFilter.mayHave, as JavaScript source for the workers. */
export const FILTER_SOURCE = `
function filterMayHave(bits, id) {
  const mask = bits.length * 8 - 1;
  for (let k = 0; k < 3; k++) {
    const o = 4 + 4 * k;
    const bit = (((id[o] << 24) | (id[o + 1] << 16) | (id[o + 2] << 8) | id[o + 3]) >>> 0) & mask;
    if ((bits[bit >>> 3] & (1 << (bit & 7))) === 0) return false;
  }
  return true;
}
`;
