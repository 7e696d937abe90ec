import { describe, expect, it } from "vitest";
import { RedactedError } from "./errors";
import { collect, newTestRepo, products } from "./test-support";
import type { RecordInput } from "./types";

function* shopData(): Generator<RecordInput> {
  yield* products(50);
  for (let c = 1; c <= 3; c++) {
    const subject = `gid://shopify/Customer/${c}`;
    yield { type: "Customer", gid: subject, subject, record: { email: `c${c}@example.com`, firstName: `Ann${c}` } };
    yield { type: "OrderPersonal", gid: `gid://shopify/Order/${c}00`, subject, record: { shippingAddress: { city: `Town ${c}` } } };
  }
}

describe("subject keys (crypto-shredding)", () => {
  it("forgetting a subject makes every copy unreadable as redacted while everything else reads fine", async () => {
    const { repo, store, clock } = await newTestRepo();
    const s1 = await repo.writeSnapshot({ kind: "full", records: shopData() });
    clock.advance(60_000);
    const s2 = await repo.writeSnapshot({ kind: "full", records: shopData() });
    expect(s2.stats.newRecords).toBe(0);
    expect((await repo.getRecord(s1.id, "Customer", "gid://shopify/Customer/2"))?.record).toEqual({ email: "c2@example.com", firstName: "Ann2" });

    expect(await repo.forgetSubject("gid://shopify/Customer/2")).toBe(1);
    for (const snap of [s1, s2]) {
      await expect(repo.getRecord(snap.id, "Customer", "gid://shopify/Customer/2")).rejects.toBeInstanceOf(RedactedError);
      await expect(repo.getRecord(snap.id, "OrderPersonal", "gid://shopify/Order/200")).rejects.toBeInstanceOf(RedactedError);
      expect((await repo.getRecord(snap.id, "Customer", "gid://shopify/Customer/1"))?.record).toEqual({ email: "c1@example.com", firstName: "Ann1" });
      const entries = await collect(repo.readSnapshot(snap.id));
      expect(entries.filter((e) => e.redacted).map((e) => e.gid).sort()).toEqual(["gid://shopify/Customer/2", "gid://shopify/Order/200"]);
      expect(entries.filter((e) => !e.redacted)).toHaveLength(54);
    }
    // Redaction is not damage.
    expect((await repo.check({ readDataPercent: 100 })).problems).toEqual([]);
    // No stored byte mentions the customer's email in clear.
    for await (const info of store.list("")) {
      expect(Buffer.from(await store.get(info.key)).includes("c2@example.com")).toBe(false);
    }

    // After prune drops the dead blocks, reads still say "redacted", not "missing".
    clock.advance(86_400_000);
    await repo.forget({ last: 1 });
    await repo.prune({ minUnreferencedAgeMs: 0, repackWasteThreshold: 0 });
    await expect(repo.getRecord(s2.id, "Customer", "gid://shopify/Customer/2")).rejects.toBeInstanceOf(RedactedError);
    expect((await repo.check({ readDataPercent: 100 })).problems).toEqual([]);

    // The same customer returning later is stored under a fresh key, readable again.
    const s3 = await repo.writeSnapshot({ kind: "full", records: shopData() });
    expect((await repo.getRecord(s3.id, "Customer", "gid://shopify/Customer/2"))?.record).toEqual({ email: "c2@example.com", firstName: "Ann2" });
  });

  it("destroy removes every object of the shop", async () => {
    const { repo, store } = await newTestRepo();
    await repo.writeSnapshot({ kind: "full", records: shopData() });
    await repo.destroy();
    expect(await collect(store.list("shops/demo.myshopify.com/"))).toEqual([]);
  });
});
