/**
 * A handle kept between jobs keeps its subject keys (Repository.refresh →
 * SubjectKeys.revalidate) only while storage shows them unchanged: keys
 * another handle created are used, never duplicated, and a subject another
 * handle forgot gets a new key, so what is written after the forget can
 * still be read.
 */
import { describe, expect, it } from "vitest";
import { RedactedError } from "./errors";
import { createRepository } from "./repository";
import { newTestRepo, products, SMALL_TUNING } from "./test-support";
import type { RecordInput } from "./types";

const customer = (i: number, note: string): RecordInput => ({ type: "Customer", gid: `gid://shopify/Customer/${i}`, record: { id: `gid://shopify/Customer/${i}`, note }, subject: `customer:${i}` });

async function twoHandles() {
  const { repo: web, store, keys, clock } = await newTestRepo();
  const worker = createRepository({ store, keys, shop: "demo.myshopify.com", tuning: SMALL_TUNING, now: () => clock.now });
  await worker.open();
  return { web, worker, store };
}

describe("subject keys of a kept handle", () => {
  it("uses keys another handle created instead of making a second one", async () => {
    const { web, worker } = await twoHandles();
    await worker.writeSnapshot({ kind: "full", records: [...products(5), customer(1, "a")] });
    // The other handle stores a key for customer 2; the kept handle then writes the same record.
    const byWeb = await web.writeSnapshot({ kind: "incremental", records: [customer(2, "b")] });
    expect(byWeb.stats.newRecords).toBe(1);
    await worker.refresh();
    const again = await worker.writeSnapshot({ kind: "incremental", records: [customer(1, "a"), customer(2, "b")] });
    // Same key, same record id: nothing new stored.
    expect(again.stats.newRecords).toBe(0);
    expect((await worker.getRecord(again.id, "Customer", "gid://shopify/Customer/2"))?.record.note).toBe("b");
  });

  it("gives a subject forgotten elsewhere a new key, so later versions stay readable", async () => {
    const { web, worker } = await twoHandles();
    await worker.writeSnapshot({ kind: "full", records: [...products(5), customer(1, "before"), customer(2, "kept")] });
    const forgotten = (await worker.listSnapshots()).at(-1)!.id;
    expect(await web.forgetSubject("customer:1")).toBe(1);

    await worker.refresh();
    await expect(worker.getRecord(forgotten, "Customer", "gid://shopify/Customer/1")).rejects.toBeInstanceOf(RedactedError);
    // The customer comes back (a new order, say): written under a fresh key, readable by both handles.
    const after = await worker.writeSnapshot({ kind: "incremental", records: [customer(1, "after")] });
    expect(after.stats.newRecords).toBe(1);
    expect((await worker.getRecord(after.id, "Customer", "gid://shopify/Customer/1"))?.record.note).toBe("after");
    expect((await web.getRecord(after.id, "Customer", "gid://shopify/Customer/1"))?.record.note).toBe("after");
    expect((await worker.getRecord(after.id, "Customer", "gid://shopify/Customer/2"))?.record.note).toBe("kept");
  });
});
