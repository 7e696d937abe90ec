import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RecordIndex } from "./record-index";

// Seeded, so the table sizes (which depend on how ids fall into segments) are the same every run.
let seed = 0;
const ids = (n: number) => Array.from({ length: n }, () => createHash("sha256").update(`id ${seed++}`).digest());

describe("RecordIndex", () => {
  it("finds every id it was given after growing from its smallest size, and no other", () => {
    const index = new RecordIndex();
    const known = ids(60_000);
    known.forEach((id, n) => expect(index.add(id, n % 1000, n)).toBe(true));
    expect(index.size).toBe(known.length);
    known.forEach((id, n) => {
      const slot = index.find(id);
      expect(slot).toBeGreaterThanOrEqual(0);
      expect([index.slotBlock(slot), index.slotOffset(slot)]).toEqual([n % 1000, n]);
      expect(index.slotIdPrefix(slot).equals(id.subarray(0, 12))).toBe(true);
    });
    for (const stranger of ids(2_000)) expect(index.find(stranger)).toBe(-1);
  });

  it("keeps the first location of an id added twice", () => {
    const index = new RecordIndex();
    const [id] = ids(1);
    expect(index.add(id, 3, 40)).toBe(true);
    expect(index.add(id, 9, 90)).toBe(false);
    expect(index.size).toBe(1);
    expect(index.slotOffset(index.find(id))).toBe(40);
  });

  it("visits every entry once in a whole-table scan, under the slot numbers find returns", () => {
    const index = new RecordIndex();
    const known = ids(20_000);
    known.forEach((id, n) => index.add(id, 0, n));
    const seen = new Set<number>();
    index.forEachSlot((slot) => seen.add(slot));
    expect(seen.size).toBe(known.length);
    for (const id of known) expect(seen.has(index.find(id))).toBe(true);
    let occupied = 0;
    for (let slot = 0; slot < index.slotCount; slot++) if (index.occupied(slot)) occupied++;
    expect(occupied).toBe(known.length);
  });

  it("costs at most ~28 bytes a record grown one by one, ~24 when sized up front", () => {
    // The old single table grew 1.5× at once: up to 32 bytes a record, and 2.5× the table while growing.
    const grown = new RecordIndex();
    const known = ids(200_000);
    for (const id of known) grown.add(id, 0, 0);
    expect(grown.tableBytes / known.length).toBeLessThan(28.5);
    const sized = new RecordIndex();
    sized.reserve(known.length);
    const before = sized.tableBytes;
    for (const id of known) sized.add(id, 0, 0);
    expect(sized.tableBytes).toBe(before);
    expect(sized.tableBytes / known.length).toBeLessThan(24);
  });
});
