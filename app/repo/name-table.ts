const NAME_BYTES = 16;
const SLOT_BYTES = NAME_BYTES + 4; // name | value+1 (u32, 0 = empty)
const MAX_LOAD = 0.7;

/**
 * A compact map from 16-byte subject names to small integers: open
 * addressing over one Buffer (20 bytes per slot), so a shop with millions of
 * customers costs tens of MB, not the hundreds a Map of hex strings would.
 */
export class NameTable {
  private slots: Buffer;
  private capacity: number;
  private used = 0;

  constructor(expected = 1024) {
    this.capacity = Math.max(64, Math.ceil(expected / MAX_LOAD));
    this.slots = Buffer.alloc(this.capacity * SLOT_BYTES);
  }

  get size(): number {
    return this.used;
  }

  /** The value stored for `name`, or -1. */
  get(name: Uint8Array): number {
    const slot = this.find(name);
    return slot < 0 ? -1 : this.slots.readUInt32LE(slot * SLOT_BYTES + NAME_BYTES) - 1;
  }

  /** Stores `value` (≥ 0) for `name`, replacing any earlier value. */
  set(name: Uint8Array, value: number): void {
    if ((this.used + 1) / this.capacity > MAX_LOAD) this.grow();
    let slot = this.home(name);
    for (;;) {
      const base = slot * SLOT_BYTES;
      const stored = this.slots.readUInt32LE(base + NAME_BYTES);
      if (stored === 0 || this.same(base, name)) {
        if (stored === 0) {
          this.slots.set(name.subarray(0, NAME_BYTES), base);
          this.used++;
        }
        this.slots.writeUInt32LE(value + 1, base + NAME_BYTES);
        return;
      }
      slot = slot + 1 === this.capacity ? 0 : slot + 1;
    }
  }

  /** Removes `name` (backward-shift deletion keeps probe chains intact). */
  delete(name: Uint8Array): void {
    let hole = this.find(name);
    if (hole < 0) return;
    this.used--;
    let slot = hole;
    for (;;) {
      slot = slot + 1 === this.capacity ? 0 : slot + 1;
      const base = slot * SLOT_BYTES;
      if (this.slots.readUInt32LE(base + NAME_BYTES) === 0) break;
      const home = this.home(this.slots.subarray(base, base + NAME_BYTES));
      // Move the entry back if its home does not lie cyclically in (hole, slot].
      const between = hole <= slot ? home > hole && home <= slot : home > hole || home <= slot;
      if (!between) {
        this.slots.copy(this.slots, hole * SLOT_BYTES, base, base + SLOT_BYTES);
        hole = slot;
      }
    }
    this.slots.fill(0, hole * SLOT_BYTES, hole * SLOT_BYTES + SLOT_BYTES);
  }

  private find(name: Uint8Array): number {
    let slot = this.home(name);
    for (;;) {
      const base = slot * SLOT_BYTES;
      if (this.slots.readUInt32LE(base + NAME_BYTES) === 0) return -1;
      if (this.same(base, name)) return slot;
      slot = slot + 1 === this.capacity ? 0 : slot + 1;
    }
  }

  private home(name: Uint8Array): number {
    const h = ((name[0] << 24) | (name[1] << 16) | (name[2] << 8) | name[3]) >>> 0;
    return Math.floor((h * this.capacity) / 4294967296);
  }

  private same(base: number, name: Uint8Array): boolean {
    for (let i = 0; i < NAME_BYTES; i++) if (this.slots[base + i] !== name[i]) return false;
    return true;
  }

  private grow(): void {
    const old = this.slots;
    const oldCapacity = this.capacity;
    this.capacity = oldCapacity * 2;
    this.slots = Buffer.alloc(this.capacity * SLOT_BYTES);
    this.used = 0;
    for (let slot = 0; slot < oldCapacity; slot++) {
      const base = slot * SLOT_BYTES;
      const value = old.readUInt32LE(base + NAME_BYTES);
      if (value !== 0) this.set(old.subarray(base, base + NAME_BYTES), value - 1);
    }
  }
}
