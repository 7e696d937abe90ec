/** mergeStreams (stream-merge.ts) keeps memory bounded (one pending item per running source) and closes sources when stopped. */
import { describe, expect, it } from "vitest";
import { mergeStreams } from "./stream-merge";

function counting(name: string, limit: number, pulled: Record<string, number>, closed: Set<string>) {
  return async function* () {
    try {
      for (let i = 0; i < limit; i++) {
        pulled[name] = (pulled[name] ?? 0) + 1;
        await Promise.resolve();
        yield `${name}${i}`;
      }
    } finally {
      closed.add(name);
    }
  };
}

describe("mergeStreams", () => {
  it("yields every item of every source, running at most maxActive at once", async () => {
    const pulled: Record<string, number> = {};
    const closed = new Set<string>();
    const out: string[] = [];
    for await (const item of mergeStreams([counting("a", 3, pulled, closed), counting("b", 2, pulled, closed), counting("c", 4, pulled, closed)], 2)) {
      out.push(item);
      // Source c may only start once a or b has finished.
      if (!closed.has("a") && !closed.has("b")) expect(pulled.c).toBeUndefined();
    }
    expect(out.sort()).toEqual(["a0", "a1", "a2", "b0", "b1", "c0", "c1", "c2", "c3"]);
  });

  it("pulls ahead by at most one item per source (no whole-stream buffering)", async () => {
    const pulled: Record<string, number> = {};
    const closed = new Set<string>();
    let consumed = 0;
    let aborted = false;
    for await (const _ of mergeStreams([counting("x", 1_000_000, pulled, closed), counting("y", 1_000_000, pulled, closed)], 2, () => (aborted = true))) {
      consumed += 1;
      expect((pulled.x ?? 0) + (pulled.y ?? 0)).toBeLessThanOrEqual(consumed + 2);
      if (consumed === 1000) break;
    }
    expect(aborted).toBe(true);
    expect([...closed].sort()).toEqual(["x", "y"]);
  });

  it("propagates a source failure and closes the others", async () => {
    const closed = new Set<string>();
    const failing = async function* () {
      yield "f0";
      throw new Error("boom");
    };
    const consume = async () => {
      for await (const _ of mergeStreams([failing, counting("z", 1_000_000, {}, closed)], 2)) void _;
    };
    await expect(consume()).rejects.toThrow("boom");
    expect(closed.has("z")).toBe(true);
  });
});
