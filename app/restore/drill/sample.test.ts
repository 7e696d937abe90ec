/** The drill's sampling: distinct positions, uniform over the listing, and how many of each type. */
import { describe, expect, it } from "vitest";
import { samplePlan, samplePositions } from "./sample";

describe("samplePositions", () => {
  it("draws k distinct, ascending positions in range (all of them when k ≥ n)", () => {
    for (let trial = 0; trial < 200; trial++) {
      const picked = samplePositions(40, 25);
      expect(picked).toHaveLength(25);
      expect(new Set(picked).size).toBe(25);
      expect(picked).toEqual([...picked].sort((a, b) => a - b));
      expect(picked.every((p) => Number.isInteger(p) && p >= 0 && p < 40)).toBe(true);
    }
    expect(samplePositions(5, 25)).toEqual([0, 1, 2, 3, 4]);
    expect(samplePositions(0, 25)).toEqual([]);
  });

  it("gives every position the same chance", () => {
    const hits = new Array<number>(10).fill(0);
    for (let trial = 0; trial < 20_000; trial++) for (const p of samplePositions(10, 3)) hits[p] += 1;
    // Expected 6,000 each (3/10 of 20,000); 5 standard deviations ≈ 325.
    for (const h of hits) expect(Math.abs(h - 6_000)).toBeLessThan(325);
  });
});

describe("samplePlan", () => {
  it("takes the product quota from products and a few of every other type present", () => {
    expect(samplePlan({ Product: 1_000, Collection: 2, Customer: 50, Page: 0 }, 25, 3)).toEqual({ Collection: 2, Customer: 3, Product: 25 });
    expect(samplePlan({ Product: 7 }, 25, 3)).toEqual({ Product: 7 });
    expect(samplePlan({ Customer: 9 }, 25, 0)).toEqual({});
  });
});
