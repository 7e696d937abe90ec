import { describe, expect, it } from "vitest";
import { inConcurrentChunks } from "./concurrent-chunks";

const collect = async <R>(source: AsyncIterable<R>) => {
  const out: R[] = [];
  for await (const item of source) out.push(item);
  return out;
};
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("inConcurrentChunks", () => {
  it("yields every result in input order although later chunks finish first", async () => {
    const items = Array.from({ length: 23 }, (_, i) => i);
    const out = await collect(
      inConcurrentChunks(items, 5, 3, async (chunk) => {
        await tick(20 - chunk[0]); // later chunks answer sooner
        return chunk.map((n) => n * 10);
      }),
    );
    expect(out).toEqual(items.map((n) => n * 10));
  });

  it("keeps at most `concurrency` chunks running, and does use them", async () => {
    let running = 0;
    let most = 0;
    const chunks: number[][] = [];
    await collect(
      inConcurrentChunks(Array.from({ length: 40 }, (_, i) => i), 4, 3, async (chunk) => {
        chunks.push(chunk);
        most = Math.max(most, ++running);
        await tick(5);
        running -= 1;
        return chunk;
      }),
    );
    expect(most).toBe(3);
    expect(chunks.map((c) => c.length)).toEqual([4, 4, 4, 4, 4, 4, 4, 4, 4, 4]);
  });

  it("fails with the chunk's error after yielding the chunks before it, and waits for the chunks still running", async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const seen: number[] = [];
    const read = async () => {
      for await (const n of inConcurrentChunks([1, 2, 3, 4, 5, 6], 1, 3, async ([n]) => {
        started.push(n);
        await tick(n === 2 ? 1 : 15);
        if (n === 2) throw new Error("chunk 2 failed");
        finished.push(n);
        return [n];
      })) seen.push(n);
    };
    await expect(read()).rejects.toThrow("chunk 2 failed");
    expect(seen).toEqual([1]);
    // Every chunk started, but the failed one, had settled before the error reached the caller.
    expect(started.length).toBeLessThan(6);
    expect(finished.sort()).toEqual(started.filter((n) => n !== 2).sort());
  });

  it("refuses a chunk size or concurrency below 1", async () => {
    await expect(collect(inConcurrentChunks([1], 0, 1, async (c) => c))).rejects.toThrow(RangeError);
    await expect(collect(inConcurrentChunks([1], 1, 0, async (c) => c))).rejects.toThrow(RangeError);
  });
});
