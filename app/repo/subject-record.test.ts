import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { IntegrityError } from "~/errors";
import { BlockCache, recordId } from "./block-reader";
import type { Session } from "./context";
import { RedactedError } from "./errors";
import { openSubjectRecord, sealSubjectRecord } from "./subject-record";
import type { SubjectKeys } from "./subject-keys";
import { newTestRepo, products } from "./test-support";
import { hashRecords, type HashJob } from "./worker-tasks";

const keyRef = randomBytes(32);
const key = randomBytes(32);
const hashKey = randomBytes(32);

function session(known: boolean): Session {
  const subjects = {
    keyFor: async (ref: Uint8Array) => {
      if (!known || !Buffer.from(ref).equals(keyRef)) throw new RedactedError("gone", {});
      return key;
    },
  } as unknown as SubjectKeys;
  return { repoId: "r".repeat(32), dataKey: randomBytes(32), hashKey, subjectWrapKey: randomBytes(32), subjects, blockCache: new BlockCache(0) };
}

describe("sealed subject records (format 3)", () => {
  const canonical = Buffer.from(JSON.stringify({ email: "ann@example.com", note: "x".repeat(400) }));
  const id = recordId(hashKey, keyRef, canonical);

  it("round-trips, compressed when worthwhile, without the plaintext in the stored bytes", async () => {
    const stored = sealSubjectRecord("r".repeat(32), id, keyRef, key, canonical);
    expect(stored.length).toBeLessThan(canonical.length);
    expect(stored.includes("ann@example.com")).toBe(false);
    expect(await openSubjectRecord(session(true), id, stored)).toEqual(canonical);
  });

  it("reports a forgotten key as redacted, and altered or moved bytes as integrity errors", async () => {
    const stored = sealSubjectRecord("r".repeat(32), id, keyRef, key, canonical);
    await expect(openSubjectRecord(session(false), id, stored)).rejects.toBeInstanceOf(RedactedError);
    const flipped = Buffer.from(stored);
    flipped[flipped.length - 20] ^= 1;
    await expect(openSubjectRecord(session(true), id, flipped)).rejects.toBeInstanceOf(IntegrityError);
    await expect(openSubjectRecord(session(true), randomBytes(32), stored)).rejects.toBeInstanceOf(IntegrityError);
  });

  it("the hashing pass seals subject records and leaves others alone", async () => {
    const data = Buffer.concat([Buffer.from("{}"), canonical]);
    const meta = new Int32Array([0, 2, -1, 2, canonical.length, 0]);
    const job: HashJob = {
      hashKey,
      repoId: "r".repeat(32),
      count: 2,
      data: new Uint8Array(data).buffer,
      meta: meta.buffer,
      keyRefs: new Uint8Array(keyRef).buffer,
      subjectKeys: new Uint8Array(key).buffer,
    };
    const { ids, sealed, sealedMeta } = hashRecords(job);
    expect(sealedMeta[1]).toBe(-1);
    expect(ids.subarray(32, 64)).toEqual(id);
    const stored = sealed.subarray(sealedMeta[2], sealedMeta[2] + sealedMeta[3]);
    expect(await openSubjectRecord(session(true), id, stored)).toEqual(canonical);
  });

  it("stores a repository's customers sealed inside shared blocks, readable through the worker pool and inline", async () => {
    for (const workers of [0, 1]) {
      const { repo, store } = await newTestRepo({ workers });
      const customers = Array.from({ length: 40 }, (_, c) => ({
        type: "Customer",
        gid: `gid://shopify/Customer/${c}`,
        subject: `gid://shopify/Customer/${c}`,
        record: { email: `c${c}@example.com`, bio: "y".repeat(200 + c) },
      }));
      const snap = await repo.writeSnapshot({ kind: "full", records: [...products(20), ...customers] });
      expect((await repo.getRecord(snap.id, "Customer", "gid://shopify/Customer/7"))?.record).toEqual(customers[7].record);
      expect(await repo.forgetSubject("gid://shopify/Customer/7")).toBe(1);
      await expect(repo.getRecord(snap.id, "Customer", "gid://shopify/Customer/7")).rejects.toBeInstanceOf(RedactedError);
      expect((await repo.getRecord(snap.id, "Customer", "gid://shopify/Customer/8"))?.record).toEqual(customers[8].record);
      expect((await repo.check({ readDataPercent: 100 })).problems).toEqual([]);
      // 40 customers, yet nowhere near one pack block per customer.
      const packs: string[] = [];
      for await (const info of store.list("")) if (info.key.includes("/packs/")) packs.push(info.key);
      expect(packs.length).toBeLessThan(10);
    }
  });
});
