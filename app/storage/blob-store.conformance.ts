import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConflictError, NotFoundError } from "~/errors";
import type { BlobInfo, BlobStore } from "./blob-store";

/** A store under test and how to dispose of it. */
export interface StoreUnderTest {
  store: BlobStore;
  cleanup: () => Promise<void>;
}

/** Known gaps of a backend, each stated with its reason so the battery documents it. */
export interface BlobStoreConformanceOptions {
  /**
   * Set when the backend cannot enforce create-only writes (the GCS emulator
   * ignores `ifGenerationMatch=0`). The value names where that path is tested
   * instead; the create-only case then pins the gap rather than passing vacuously.
   */
  createOnlyNotEnforced?: string;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

async function collect(iterable: AsyncIterable<BlobInfo>): Promise<BlobInfo[]> {
  const out: BlobInfo[] = [];
  for await (const info of iterable) out.push(info);
  return out;
}

async function keysOf(store: BlobStore, prefix: string): Promise<string[]> {
  return (await collect(store.list(prefix))).map((i) => i.key);
}

/** Runs `tasks` with at most `limit` in flight; backends differ a lot in per-call latency. */
async function inParallel(count: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}

/** Registers the BlobStore battery for one implementation; every backend must pass it unchanged. */
export function runBlobStoreConformance(
  name: string,
  makeStore: () => Promise<StoreUnderTest>,
  options: BlobStoreConformanceOptions = {},
): void {
  describe(`BlobStore conformance: ${name}`, () => {
    let current: StoreUnderTest;
    let store: BlobStore;

    beforeEach(async () => {
      current = await makeStore();
      store = current.store;
    });
    afterEach(async () => {
      await current.cleanup();
    });

    it("round-trips an object and reports its size", async () => {
      await store.put("objects/one", bytes("hello, store"));
      expect(text(await store.get("objects/one"))).toBe("hello, store");
      expect((await store.stat("objects/one"))?.size).toBe(12);
      expect(store.url.length).toBeGreaterThan(0);
    });

    it("is binary safe: every byte value, empty objects and an ~8 MB object", async () => {
      const every = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
      await store.put("bin/every", every);
      expect(Buffer.from(await store.get("bin/every")).equals(Buffer.from(every))).toBe(true);

      await store.put("bin/empty", new Uint8Array(0));
      expect((await store.get("bin/empty")).length).toBe(0);
      expect((await store.stat("bin/empty"))?.size).toBe(0);
      expect((await store.getRange("bin/empty", 0, 10)).length).toBe(0);

      const big = randomBytes(8 * 1024 * 1024 + 13);
      await store.put("bin/big", big);
      expect(Buffer.from(await store.get("bin/big")).equals(big)).toBe(true);
      expect((await store.stat("bin/big"))?.size).toBe(big.length);
      const slice = await store.getRange("bin/big", 5_000_001, 70_000);
      expect(Buffer.from(slice).equals(big.subarray(5_000_001, 5_070_001))).toBe(true);
    });

    it("keeps its own copy: mutating the caller's buffers changes nothing stored", async () => {
      const data = bytes("original");
      await store.put("copy/k", data);
      data.fill(0);
      const read = await store.get("copy/k");
      read.fill(0);
      expect(text(await store.get("copy/k"))).toBe("original");
    });

    it("overwrites on a plain put and when ifAbsent is false", async () => {
      await store.put("ow/k", bytes("first version"));
      await store.put("ow/k", bytes("second"));
      expect(text(await store.get("ow/k"))).toBe("second");
      expect((await store.stat("ow/k"))?.size).toBe(6);
      await store.put("ow/k", bytes("third"), { ifAbsent: false });
      expect(text(await store.get("ow/k"))).toBe("third");
    });

    it("creates with ifAbsent when the key is free, including after a delete", async () => {
      await store.put("lock/a", bytes("mine"), { ifAbsent: true });
      expect(text(await store.get("lock/a"))).toBe("mine");
      await store.delete("lock/a");
      await store.put("lock/a", bytes("again"), { ifAbsent: true });
      expect(text(await store.get("lock/a"))).toBe("again");
    });

    if (options.createOnlyNotEnforced === undefined) {
      it("refuses ifAbsent on an existing key, and exactly one of N concurrent creators wins", async () => {
        await store.put("lock/b", bytes("first"), { ifAbsent: true });
        const error = await rejection(store.put("lock/b", bytes("second"), { ifAbsent: true }));
        expect(error).toBeInstanceOf(ConflictError);
        expect(text(await store.get("lock/b"))).toBe("first");

        const writers = 8;
        const results = await Promise.allSettled(
          Array.from({ length: writers }, (_, i) => store.put("lock/race", bytes(`writer-${i}`), { ifAbsent: true })),
        );
        const winners = results.flatMap((r, i) => (r.status === "fulfilled" ? [i] : []));
        expect(winners).toHaveLength(1);
        for (const r of results) {
          if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ConflictError);
        }
        expect(text(await store.get("lock/race"))).toBe(`writer-${winners[0]}`);
      });
    } else {
      it(`does not enforce ifAbsent on this backend (create-only is tested in ${options.createOnlyNotEnforced})`, async () => {
        // Pins the known gap: if this starts failing, the backend now enforces
        // create-only and the flag (and this case) can go.
        await store.put("lock/b", bytes("first"), { ifAbsent: true });
        await expect(store.put("lock/b", bytes("second"), { ifAbsent: true })).resolves.toBeUndefined();
      });
    }

    it("reads ranges: inside, at the edges, past the end, empty", async () => {
      await store.put("range/k", bytes("0123456789"));
      expect(text(await store.getRange("range/k", 0, 3))).toBe("012");
      expect(text(await store.getRange("range/k", 4, 3))).toBe("456");
      expect(text(await store.getRange("range/k", 7, 3))).toBe("789");
      expect(text(await store.getRange("range/k", 8, 100))).toBe("89");
      expect((await store.getRange("range/k", 10, 5)).length).toBe(0);
      expect((await store.getRange("range/k", 25, 5)).length).toBe(0);
      expect((await store.getRange("range/k", 3, 0)).length).toBe(0);
      expect(text(await store.getRange("range/k", 0, 10))).toBe("0123456789");
    });

    it("stats present and absent objects", async () => {
      const before = Date.now();
      await store.put("stat/k", bytes("12345"));
      const info = await store.stat("stat/k");
      expect(info?.key).toBe("stat/k");
      expect(info?.size).toBe(5);
      expect(info?.createdAt).toBeInstanceOf(Date);
      // Generous window: this checks the field is the write time, not a clock.
      expect(Math.abs((info?.createdAt.getTime() ?? 0) - before)).toBeLessThan(10 * 60_000);
      expect(await store.stat("stat/absent")).toBeUndefined();
      expect(await store.stat("stat")).toBeUndefined();
    });

    it("lists in key order with exact prefix isolation", async () => {
      const keys = ["p/b", "p/a/c/d", "q/a", "p/ab", "p/a-c", "pp/x", "p/a/b", "p/a.x"];
      for (const key of keys) await store.put(key, bytes(key));
      expect(await keysOf(store, "p/")).toEqual(["p/a-c", "p/a.x", "p/a/b", "p/a/c/d", "p/ab", "p/b"]);
      expect(await keysOf(store, "p/a")).toEqual(["p/a-c", "p/a.x", "p/a/b", "p/a/c/d", "p/ab"]);
      expect(await keysOf(store, "p/a/")).toEqual(["p/a/b", "p/a/c/d"]);
      expect(await keysOf(store, "p")).toEqual(["p/a-c", "p/a.x", "p/a/b", "p/a/c/d", "p/ab", "p/b", "pp/x"]);
      expect(await keysOf(store, "")).toEqual([...keys].sort());
      expect(await keysOf(store, "zzz/")).toEqual([]);
      const infos = await collect(store.list("p/a/c/"));
      expect(infos.map((i) => [i.key, i.size])).toEqual([["p/a/c/d", 7]]);
      expect(infos[0].createdAt).toBeInstanceOf(Date);
    });

    it("lists 1,500 objects in order (crosses list pages)", async () => {
      const count = 1500;
      const keyAt = (i: number) => `many/${String((i * 7919) % count).padStart(5, "0")}`;
      await inParallel(count, 16, (i) => store.put(keyAt(i), bytes(String(i))));
      const listed = await keysOf(store, "many/");
      expect(listed).toHaveLength(count);
      expect(listed).toEqual(Array.from({ length: count }, (_, i) => `many/${String(i).padStart(5, "0")}`));
      expect(await keysOf(store, "many/001")).toHaveLength(100);
    });

    it("deletes idempotently", async () => {
      await store.put("del/k", bytes("x"));
      await store.put("del/keep", bytes("y"));
      await store.delete("del/k");
      expect(await store.stat("del/k")).toBeUndefined();
      expect(await keysOf(store, "del/")).toEqual(["del/keep"]);
      await expect(store.get("del/k")).rejects.toBeInstanceOf(NotFoundError);
      await store.delete("del/k");
      await store.delete("del/never-existed");
      await store.delete("nowhere/at/all");
    });

    it("throws NotFoundError naming the key for absent objects", async () => {
      for (const read of [() => store.get("nf/absent"), () => store.getRange("nf/absent", 0, 4)]) {
        const error = await rejection(read());
        expect(error).toBeInstanceOf(NotFoundError);
        expect((error as NotFoundError).message).toContain("nf/absent");
      }
    });

    it("handles deeply nested keys and keys with spaces and non-ASCII characters", async () => {
      const keys = ["n/a/b/c/d/e/f/g.bin", "n/with space/x y", "n/ünï/cödé €", "n/q?x=1#frag%20"];
      for (const key of keys) await store.put(key, bytes(`v:${key}`));
      for (const key of keys) expect(text(await store.get(key))).toBe(`v:${key}`);
      expect(await keysOf(store, "n/")).toEqual([...keys].sort());
      // "v:n/" is 4 bytes; "ü" is the next 2 bytes of UTF-8.
      expect(text(await store.getRange("n/ünï/cödé €", 4, 2))).toBe("ü");
    });
  });
}
