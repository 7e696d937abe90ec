/**
 * Repository handles kept between backup jobs: reused while current, and
 * never serving what another process changed meanwhile (a forgotten
 * customer's keys, a destroyed repository, snapshots written elsewhere).
 */
import { describe, expect, it } from "vitest";
import { NotFoundError } from "~/errors";
import { createRepository, openOrCreate, type Repository } from "~/repo";
import { RedactedError } from "~/repo/errors";
import { createLocalKeyProvider, generateMasterKey } from "~/keys/local-key-provider";
import { products } from "~/repo/test-support";
import type { BlobStore } from "~/storage/blob-store";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { createRepositoryCache } from "./repository-cache";

const customer = { type: "Customer", gid: "gid://shopify/Customer/1", subject: "gid://shopify/Customer/1", record: { email: "ann@example.com" } };

/** Two handles on one store, as a worker process and a web process would hold. */
async function twoProcesses(): Promise<{ store: BlobStore; open: () => Promise<Repository> }> {
  const store = createMemoryBlobStore();
  const keys = createLocalKeyProvider(generateMasterKey());
  const open = () => openOrCreate(createRepository({ store, keys, shop: "kept.myshopify.com" }));
  return { store, open };
}

describe("Repository.refresh", () => {
  it("sees snapshots written and subjects forgotten by another handle, and fails once the repository is destroyed", async () => {
    const { open } = await twoProcesses();
    const worker = await open();
    const first = await worker.writeSnapshot({ kind: "full", records: [...products(20), customer] });
    // The worker's caches now hold the index and the customer's key set.
    expect((await worker.getRecord(first.id, "Customer", customer.gid))?.record).toEqual(customer.record);

    const web = await open();
    const second = await web.writeSnapshot({ kind: "incremental", records: [...products(25)].slice(20) });
    expect(await web.forgetSubject(customer.gid)).toBe(1);

    await worker.refresh();
    expect((await worker.listSnapshots()).map((s) => s.id)).toEqual([first.id, second.id]);
    expect((await worker.getRecord(second.id, "Product", "gid://shopify/Product/22"))?.gid).toBe("gid://shopify/Product/22");
    await expect(worker.getRecord(first.id, "Customer", customer.gid)).rejects.toBeInstanceOf(RedactedError);
    // Its kept index still dedups: writing the same records again stores nothing new.
    const third = await worker.writeSnapshot({ kind: "full", records: products(25) });
    expect(third.stats.newRecords).toBe(0);

    await web.destroy();
    await expect(worker.refresh()).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("createRepositoryCache", () => {
  it("hands the same refreshed handle to a shop's next job, bounded by shops and idle time", async () => {
    let clock = 0;
    let opened = 0;
    const processes = new Map<string, Awaited<ReturnType<typeof twoProcesses>>>();
    const cache = createRepositoryCache({
      maxShops: 1,
      idleMs: 1_000,
      now: () => clock,
      open: async (shop) => {
        opened++;
        if (!processes.has(shop)) processes.set(shop, await twoProcesses());
        return processes.get(shop)!.open();
      },
    });
    const a = await cache.get("a");
    expect(await cache.get("a")).toBe(a);
    expect(opened).toBe(1);
    await cache.get("b"); // one shop kept: a goes
    expect(cache.size).toBe(1);
    expect(await cache.get("a")).not.toBe(a);
    clock += 2_000; // idle past the bound
    const again = await cache.get("a");
    expect(opened).toBe(4);
    // Destroyed by another process: the next job gets a new, working repository instead of the stale handle.
    await again.writeSnapshot({ kind: "full", records: products(3) });
    await (await processes.get("a")!.open()).destroy();
    const fresh = await cache.get("a");
    expect(fresh).not.toBe(again);
    expect(await fresh.listSnapshots()).toEqual([]);
  });
});
