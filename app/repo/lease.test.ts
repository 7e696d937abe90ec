import { describe, expect, it } from "vitest";
import { RetryableError } from "~/errors";
import { createRepository } from "./repository";
import { newTestRepo, products, product } from "./test-support";
import type { RecordInput } from "./types";

describe("lease", () => {
  it("lets only one of two concurrent writers in; the other gets RetryableError and nothing of it is visible", async () => {
    const { repo, store, keys, clock } = await newTestRepo();
    const second = createRepository({ store, keys, shop: "demo.myshopify.com", now: () => clock.now });
    await second.open();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* slow(): AsyncGenerator<RecordInput> {
      yield* products(10);
      await gate;
      yield* products(20);
    }
    const first = repo.writeSnapshot({ kind: "full", records: slow() });
    await new Promise((r) => setTimeout(r, 20));
    const err = await second.writeSnapshot({ kind: "full", records: products(5) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableError);
    await expect(second.prune({ minUnreferencedAgeMs: 0, repackWasteThreshold: 0.5 })).rejects.toBeInstanceOf(RetryableError);
    release();
    const snap = await first;
    expect((await second.listSnapshots()).map((s) => s.id)).toEqual([snap.id]);
    // Released: the second writer now succeeds.
    await expect(second.writeSnapshot({ kind: "full", records: products(5) })).resolves.toBeTruthy();
  });

  it("takes over a stale lease after expiry and the stale holder cannot commit", async () => {
    const { repo, store, keys, clock } = await newTestRepo({ blockTargetBytes: 4096, packTargetBytes: 8192, pageAverageEntries: 16, pageMaxEntries: 64, leaseTtlMs: 60_000 });
    const other = createRepository({ store, keys, shop: "demo.myshopify.com", now: () => clock.now, tuning: { leaseTtlMs: 60_000 } });
    await other.open();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* hung(): AsyncGenerator<RecordInput> {
      yield { type: "Product", gid: "gid://shopify/Product/1", record: product(1) };
      await gate;
      yield* products(200);
    }
    const stale = repo.writeSnapshot({ kind: "full", records: hung() }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 20));
    clock.advance(61_000); // the hung writer's lease expires (its timer is not driven by this clock)
    const fresh = await other.writeSnapshot({ kind: "full", records: products(3) });
    release();
    expect(await stale).toBeInstanceOf(RetryableError);
    expect((await other.listSnapshots()).map((s) => s.id)).toEqual([fresh.id]);
  });
});
