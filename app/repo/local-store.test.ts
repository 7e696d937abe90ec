import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLocalBlobStore } from "~/storage/local-blob-store";
import { RedactedError } from "./errors";
import { createRepository } from "./repository";
import { collect, createTestKeyProvider, product, products, storedBytes } from "./test-support";
import type { RecordInput } from "./types";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function* shop(customers: number, version = 0): Generator<RecordInput> {
  yield* products(400, (i) => (i % 100 === 0 ? version : 0));
  for (let c = 0; c < customers; c++) {
    const subject = `gid://shopify/Customer/${c}`;
    yield { type: "Customer", gid: subject, subject, record: { email: `c${c}@example.com`, note: c % 50 === 0 ? `v${version}` : "" } };
  }
}

async function localRepo(workers: number | undefined) {
  const dir = await mkdtemp(join(tmpdir(), "snapshelf-repo-test-"));
  dirs.push(dir);
  const store = createLocalBlobStore(dir);
  const keys = createTestKeyProvider();
  const tuning = { blockTargetBytes: 16 << 10, packTargetBytes: 64 << 10, pageAverageEntries: 32, pageMaxEntries: 128, workers };
  const repo = createRepository({ store, keys, shop: "local.myshopify.com", tuning });
  await repo.init();
  return { repo, store, keys, tuning };
}

describe.each([
  ["worker threads", 2],
  ["inline", 0],
])("repository on a local folder (%s)", (_label, workers) => {
  it("writes, dedups, reads back, reopens and checks clean", async () => {
    const { repo, store, keys, tuning } = await localRepo(workers);
    const s1 = await repo.writeSnapshot({ kind: "full", records: shop(300) });
    expect(s1.totalRecords).toBe(700);
    expect(s1.stats.newRecords).toBe(700);
    const afterFirst = await storedBytes(store);
    // Subject keys of one write share key-set objects instead of one object per customer.
    expect((await collect(store.list("shops/local.myshopify.com/keys/"))).length).toBe(1);

    const s2 = await repo.writeSnapshot({ kind: "full", records: shop(300, 1) });
    // 4 products and 6 customers changed; nothing else is stored again.
    expect(s2.stats.newRecords).toBe(10);
    expect((await storedBytes(store)) - afterFirst).toBeLessThan(afterFirst / 4);

    const again = createRepository({ store, keys, shop: "local.myshopify.com", tuning });
    await again.open();
    const entries = await collect(again.readSnapshot(s1.id));
    expect(entries).toHaveLength(700);
    expect(entries.find((e) => e.gid === "gid://shopify/Product/100")?.record).toStrictEqual(product(100));
    expect((await again.getRecord(s2.id, "Product", "gid://shopify/Product/100"))?.record).toStrictEqual(product(100, 1));
    expect((await again.getRecord(s2.id, "Customer", "gid://shopify/Customer/50"))?.record).toStrictEqual({ email: "c50@example.com", note: "v1" });
    const report = await again.check({ readDataPercent: 100 });
    expect(report.problems).toEqual([]);
    expect(report.recordsVerified).toBeGreaterThan(700);
  });

  it("forgetting one customer rewrites its key set: only that customer reads as redacted", async () => {
    const { repo, store } = await localRepo(workers);
    const s1 = await repo.writeSnapshot({ kind: "full", records: shop(40) });
    expect(await repo.forgetSubject("gid://shopify/Customer/7")).toBe(1);
    await expect(repo.getRecord(s1.id, "Customer", "gid://shopify/Customer/7")).rejects.toBeInstanceOf(RedactedError);
    expect((await repo.getRecord(s1.id, "Customer", "gid://shopify/Customer/8"))?.record).toStrictEqual({ email: "c8@example.com", note: "" });
    expect((await repo.check({ readDataPercent: 100 })).problems).toEqual([]);
    // A returning customer gets a new key (a new key set), and reads again.
    const s2 = await repo.writeSnapshot({ kind: "full", records: shop(40) });
    expect(s2.stats.newRecords).toBe(1);
    expect((await repo.getRecord(s2.id, "Customer", "gid://shopify/Customer/7"))?.record).toStrictEqual({ email: "c7@example.com", note: "" });
    expect((await collect(store.list("shops/local.myshopify.com/keys/sets/"))).length).toBe(2);
  });
});
