/**
 * A set of SHA-256 digests (lowercase hex) in typed arrays: the full
 * snapshot remembers every image blob it has emitted, ~210k on the large
 * store, and as JS strings in a Set they grew the heap by ~20 MB over the
 * fetch. Here a digest costs 16 bytes in an open-addressing table (~25 bytes
 * with the table's slack). Digests are kept by their first 128 bits: two
 * different SHA-256 outputs agree there with probability 2^-128, far below
 * any hardware error rate (the record index keeps 96, record-index.ts).
 * Strings that are not SHA-256 digests go into a plain Set, exactly.
 */
const WORDS = 4;
const MAX_LOAD = 0.8;
const GROWTH = 1.5;
const DIGEST = /^[0-9a-f]{64}$/;

export class DigestSet {
  /** WORDS u32 per slot; a slot is empty when its flag is 0. */
  private words: Uint32Array;
  private flags: Uint8Array;
  private capacity: number;
  private count = 0;
  private readonly others = new Set<string>();

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.words = new Uint32Array(this.capacity * WORDS);
    this.flags = new Uint8Array(this.capacity);
  }

  get size(): number {
    return this.count + this.others.size;
  }

  has(digest: string): boolean {
    if (!DIGEST.test(digest)) return this.others.has(digest);
    return this.slotOf(keyOf(digest)) >= 0;
  }

  add(digest: string): void {
    if (!DIGEST.test(digest)) {
      this.others.add(digest);
      return;
    }
    const key = keyOf(digest);
    if (this.slotOf(key) >= 0) return;
    if (this.count + 1 > this.capacity * MAX_LOAD) this.grow();
    this.put(key);
    this.count += 1;
  }

  /** Slot holding `key`, or −1. */
  private slotOf(key: Uint32Array): number {
    for (let slot = key[0] % this.capacity; this.flags[slot] === 1; slot = (slot + 1) % this.capacity) {
      const at = slot * WORDS;
      if (this.words[at] === key[0] && this.words[at + 1] === key[1] && this.words[at + 2] === key[2] && this.words[at + 3] === key[3]) return slot;
    }
    return -1;
  }

  private put(key: Uint32Array): void {
    let slot = key[0] % this.capacity;
    while (this.flags[slot] === 1) slot = (slot + 1) % this.capacity;
    this.words.set(key, slot * WORDS);
    this.flags[slot] = 1;
  }

  private grow(): void {
    const { words, flags, capacity } = this;
    this.capacity = Math.ceil(capacity * GROWTH);
    this.words = new Uint32Array(this.capacity * WORDS);
    this.flags = new Uint8Array(this.capacity);
    for (let slot = 0; slot < capacity; slot++) if (flags[slot] === 1) this.put(words.subarray(slot * WORDS, slot * WORDS + WORDS));
  }
}

const scratch = new Uint32Array(WORDS);
/** The digest's first 128 bits as four u32 (a shared scratch array: used before the next call). */
function keyOf(digest: string): Uint32Array {
  for (let n = 0; n < WORDS; n++) scratch[n] = parseInt(digest.slice(n * 8, n * 8 + 8), 16) >>> 0;
  return scratch;
}
