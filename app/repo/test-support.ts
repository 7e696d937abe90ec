import type { KeyProvider } from "~/keys/key-provider";
import { createLocalKeyProvider, generateMasterKey } from "~/keys/local-key-provider";
import type { BlobStore } from "~/storage/blob-store";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { createRepository, type Repository } from "./repository";
import type { RecordInput } from "./types";
import type { RepositoryTuning } from "./format";

/** The production local KeyProvider under a fresh random master key. */
export function createTestKeyProvider(): KeyProvider {
  return createLocalKeyProvider(generateMasterKey());
}

/** Small sizes so a few hundred records cross block, pack and page boundaries. */
export const SMALL_TUNING: Partial<RepositoryTuning> = {
  blockTargetBytes: 8 << 10,
  packTargetBytes: 32 << 10,
  pageAverageEntries: 16,
  pageMaxEntries: 64,
  leaseTtlMs: 60_000,
};

export interface TestRepo {
  repo: Repository;
  store: BlobStore;
  keys: KeyProvider;
  clock: { now: Date; advance(ms: number): void };
}

/** A fresh, initialised repository on a memory store with a controllable clock. */
export async function newTestRepo(tuning: Partial<RepositoryTuning> = SMALL_TUNING, store?: BlobStore): Promise<TestRepo> {
  const clock = {
    now: new Date("2026-03-01T00:00:00Z"),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const now = () => new Date(clock.now.getTime());
  const s = store ?? createMemoryBlobStore({ now });
  const keys = createTestKeyProvider();
  const repo = createRepository({ store: s, keys, shop: "demo.myshopify.com", now, tuning });
  await repo.init();
  return { repo, store: s, keys, clock };
}

/** A deterministic product-like record. */
export function product(i: number, version = 0): Record<string, unknown> {
  return {
    id: `gid://shopify/Product/${i}`,
    title: `Product ${i}${version ? ` v${version}` : ""}`,
    handle: `product-${i}`,
    status: i % 7 === 0 ? "DRAFT" : "ACTIVE",
    tags: ["summer", `tag-${i % 13}`],
    priceRange: { min: (i * 1.37).toFixed(2), max: (i * 2.11).toFixed(2) },
    variants: [
      { sku: `SKU-${i}-A`, price: (i * 1.37).toFixed(2), inventoryQuantity: i % 50 },
      { sku: `SKU-${i}-B`, price: (i * 2.11).toFixed(2), inventoryQuantity: (i * 3) % 50 },
    ],
    descriptionHtml: `<p>Handmade item number ${i}, ${"lovely ".repeat(i % 5)}and durable.</p>`,
  };
}

/** Products 0..n-1 as snapshot input, with optional per-index version bumps. */
export function* products(n: number, versionOf: (i: number) => number = () => 0): Generator<RecordInput> {
  for (let i = 0; i < n; i++) yield { type: "Product", gid: `gid://shopify/Product/${i}`, record: product(i, versionOf(i)) };
}

/** Total stored bytes under a prefix. */
export async function storedBytes(store: BlobStore, prefix = ""): Promise<number> {
  let total = 0;
  for await (const info of store.list(prefix)) total += info.size;
  return total;
}

/** Collects an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
