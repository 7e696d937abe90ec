import { afterEach, describe, expect, it, vi } from "vitest";
import { NotFoundError, RetryableError } from "~/errors";
import { createFaultInjectingBlobStore } from "./fault-injecting-blob-store";
import { createMemoryBlobStore } from "./memory-blob-store";

const data = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);
const differingBits = (a: Uint8Array, b: Uint8Array) => {
  let bits = 0;
  for (let i = 0; i < a.length; i++) for (let x = a[i] ^ b[i]; x; x &= x - 1) bits++;
  return bits;
};

afterEach(() => {
  vi.useRealTimers();
});

describe("createFaultInjectingBlobStore", () => {
  it("fails exactly the nth matching call with RetryableError", async () => {
    const store = createFaultInjectingBlobStore(createMemoryBlobStore(), { seed: 7 });
    const armed = store.inject({ fault: { kind: "fail" }, ops: ["put"], nth: 3 });
    const outcomes: string[] = [];
    for (let i = 1; i <= 5; i++) {
      outcomes.push(
        await store.put(`k${i}`, data(4)).then(
          () => "ok",
          (e: unknown) => (e instanceof RetryableError ? "retryable" : "other"),
        ),
      );
    }
    expect(outcomes).toEqual(["ok", "ok", "retryable", "ok", "ok"]);
    expect(armed.fired).toBe(1);
    expect(await store.stat("k3")).toBeUndefined();
    expect(store.calls.put).toBe(5);
  });

  it("fails a seeded fraction of calls, the same calls for the same seed", async () => {
    const pattern = async (seed: number) => {
      const store = createFaultInjectingBlobStore(createMemoryBlobStore(), { seed });
      await store.put("k", data(8));
      store.inject({ fault: { kind: "fail" }, ops: ["get"], rate: 0.3 });
      const out: boolean[] = [];
      for (let i = 0; i < 200; i++) out.push(await store.get("k").then(() => true, () => false));
      return out;
    };
    const a = await pattern(42);
    expect(await pattern(42)).toEqual(a);
    expect(await pattern(43)).not.toEqual(a);
    const failures = a.filter((ok) => !ok).length;
    expect(failures).toBeGreaterThan(20);
    expect(failures).toBeLessThan(120);
  });

  it("tears a write: a prefix reaches the inner store, then the put throws", async () => {
    const inner = createMemoryBlobStore();
    const store = createFaultInjectingBlobStore(inner, { seed: 1 });
    store.inject({ fault: { kind: "truncate", keepBytes: 10 }, keyPrefix: "packs/", nth: 1 });
    await expect(store.put("packs/p", data(100))).rejects.toBeInstanceOf(RetryableError);
    expect(Buffer.from(await inner.get("packs/p")).equals(Buffer.from(data(10)))).toBe(true);
    await store.put("packs/p", data(100));
    expect((await inner.stat("packs/p"))?.size).toBe(100);

    store.inject({ fault: { kind: "truncate" } });
    await expect(store.put("other", data(1000))).rejects.toBeInstanceOf(RetryableError);
    const kept = (await inner.stat("other"))?.size ?? -1;
    expect(kept).toBeGreaterThanOrEqual(0);
    expect(kept).toBeLessThan(1000);
  });

  it("flips one bit on read without touching what is stored", async () => {
    const inner = createMemoryBlobStore();
    const store = createFaultInjectingBlobStore(inner, { seed: 5 });
    await store.put("k", data(64));
    store.inject({ fault: { kind: "flip" }, nth: 1 });
    expect(differingBits(await store.get("k"), data(64))).toBe(1);
    expect(differingBits(await store.get("k"), data(64))).toBe(0);
    store.inject({ fault: { kind: "flip" }, ops: ["getRange"], nth: 1 });
    expect(differingBits(await store.getRange("k", 8, 16), data(64).subarray(8, 24))).toBe(1);
    expect(differingBits(await inner.get("k"), data(64))).toBe(0);
  });

  it("flips one bit on write when asked to, so the stored bytes are damaged", async () => {
    const inner = createMemoryBlobStore();
    const store = createFaultInjectingBlobStore(inner, { seed: 9 });
    store.inject({ fault: { kind: "flip" }, ops: ["put"], nth: 1 });
    const original = data(32);
    await store.put("k", original);
    expect(differingBits(await inner.get("k"), data(32))).toBe(1);
    expect(differingBits(original, data(32))).toBe(0);
  });

  it("delays calls without failing them", async () => {
    vi.useFakeTimers();
    const store = createFaultInjectingBlobStore(createMemoryBlobStore(), { seed: 2 });
    store.inject({ fault: { kind: "delay", ms: 5_000 }, ops: ["stat"] });
    let settled = false;
    const pending = store.stat("k").then((v) => {
      settled = true;
      return v;
    });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toBeUndefined();
    expect(settled).toBe(true);
  });

  it("filters by key prefix, fails lists, and disarms rules", async () => {
    const store = createFaultInjectingBlobStore(createMemoryBlobStore(), { seed: 3 });
    await store.put("a/1", data(1));
    await store.put("b/1", data(1));
    const armed = store.inject({ fault: { kind: "fail" }, keyPrefix: "a/" });
    await expect(store.get("a/1")).rejects.toBeInstanceOf(RetryableError);
    await expect(store.get("b/1")).resolves.toHaveLength(1);
    const listing = async (prefix: string) => {
      const keys: string[] = [];
      for await (const info of store.list(prefix)) keys.push(info.key);
      return keys;
    };
    await expect(listing("a/")).rejects.toBeInstanceOf(RetryableError);
    armed.remove();
    expect(await listing("a/")).toEqual(["a/1"]);
    store.inject({ fault: { kind: "fail" }, ops: ["delete"] });
    store.clearFaults();
    await store.delete("a/1");
    await expect(store.get("a/1")).rejects.toBeInstanceOf(NotFoundError);
  });
});
