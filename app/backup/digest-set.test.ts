import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DigestSet } from "./digest-set";

const digest = (n: number) => createHash("sha256").update(String(n)).digest("hex");

describe("DigestSet", () => {
  it("holds every digest added, through many growths, and no other", () => {
    const set = new DigestSet(16);
    for (let n = 0; n < 50_000; n += 1) set.add(digest(n));
    for (let n = 0; n < 50_000; n += 1) set.add(digest(n)); // duplicates change nothing
    expect(set.size).toBe(50_000);
    for (let n = 0; n < 50_000; n += 1) expect(set.has(digest(n))).toBe(true);
    for (let n = 50_000; n < 100_000; n += 1) expect(set.has(digest(n))).toBe(false);
  });

  it("keeps strings that are not SHA-256 digests exactly", () => {
    const set = new DigestSet();
    const upper = digest(1).toUpperCase();
    set.add(upper);
    set.add("not-a-digest");
    expect(set.has(upper)).toBe(true);
    expect(set.has(digest(1))).toBe(false);
    expect(set.has("not-a-digest")).toBe(true);
    expect(set.has("not-a-digest ")).toBe(false);
    expect(set.size).toBe(2);
  });

  it("tells apart digests that share a probe start", () => {
    const set = new DigestSet(16);
    // Same first word, so the same first slot: found by probing, each one itself.
    const a = "00000010" + "a".repeat(56);
    const b = "00000010" + "b".repeat(56);
    set.add(a);
    expect(set.has(b)).toBe(false);
    set.add(b);
    expect([set.has(a), set.has(b), set.size]).toEqual([true, true, 2]);
  });
});
