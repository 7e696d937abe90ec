/** The block cache's byte bound, and shrinks that overlap (a write and a scan at once) restoring in any order. */
import { describe, expect, it } from "vitest";
import { BlockCache } from "./block-reader";

const block = (n: number) => Buffer.alloc(n << 10);
const held = (cache: BlockCache, keys: string[]) => keys.filter((k) => cache.get(k) !== undefined);

describe("BlockCache", () => {
  it("keeps the most recently used blocks within its byte limit", () => {
    const cache = new BlockCache(3 << 10);
    for (const k of ["a", "b", "c"]) cache.set(k, block(1));
    cache.get("a");
    cache.set("d", block(1));
    expect(held(cache, ["a", "b", "c", "d"])).toEqual(["a", "c", "d"]);
  });

  it("evicts down to a shrunk limit, and returns to its own limit only when every overlapping shrink has ended", () => {
    const cache = new BlockCache(4 << 10);
    const fill = (prefix: string) => ["1", "2", "3", "4"].map((n) => (cache.set(prefix + n, block(1)), prefix + n));
    const endWrite = cache.shrink(2 << 10);
    const endScan = cache.shrink(1 << 10);
    expect(held(cache, fill("x"))).toEqual(["x4"]);
    endWrite(); // ended first, out of order: the scan's smaller limit still holds
    expect(held(cache, fill("y"))).toEqual(["y4"]);
    endScan();
    expect(held(cache, fill("z"))).toEqual(["z1", "z2", "z3", "z4"]);
  });
});
