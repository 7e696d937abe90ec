import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SubjectFilter } from "./subject-filter";
import { collect, newTestRepo, products, SMALL_TUNING } from "./test-support";
import { hashRecords, type HashJob } from "./worker-tasks";
import type { RecordInput } from "./types";

const customers = (n: number, edited = -1): RecordInput[] =>
  Array.from({ length: n }, (_, c) => ({
    type: "Customer",
    gid: `gid://shopify/Customer/${c}`,
    subject: `gid://shopify/Customer/${c}`,
    record: { email: `c${c}@example.com`, note: c === edited ? "edited" : "x".repeat(150 + c) },
  }));

describe("subject filter (dedup before sealing)", () => {
  it("has every added id and few others", () => {
    const filter = new SubjectFilter(1000);
    const ids = Array.from({ length: 1000 }, () => randomBytes(32));
    ids.forEach((id) => filter.add(id));
    expect(ids.every((id) => filter.mayHave(id))).toBe(true);
    const strangers = Array.from({ length: 2000 }, () => randomBytes(32)).filter((id) => filter.mayHave(id));
    expect(strangers.length).toBeLessThan(100);
  });

  it("the hashing pass leaves subject records the filter knows unsealed (length −2), others sealed", () => {
    const everything = new SubjectFilter(1);
    new Uint8Array(everything.shared).fill(0xff);
    const text = Buffer.from('{"email":"a@example.com"}');
    const job = (filter?: SharedArrayBuffer): HashJob => ({
      hashKey: randomBytes(32),
      repoId: "r".repeat(32),
      count: 2,
      data: new Uint8Array(Buffer.concat([text, text])).buffer,
      meta: new Int32Array([0, text.length, 0, text.length, text.length, -1]).buffer,
      keyRefs: new Uint8Array(randomBytes(32)).buffer,
      subjectKeys: new Uint8Array(randomBytes(32)).buffer,
      filter,
    });
    const known = hashRecords(job(everything.shared));
    expect([known.sealedMeta[1], known.sealedMeta[3]]).toEqual([-2, -1]);
    expect(known.sealed.length).toBe(0);
    expect(hashRecords(job()).sealedMeta[1]).toBeGreaterThan(0);
  });

  it("a second snapshot stores only the edited customer, and every customer reads back (workers and inline)", async () => {
    for (const workers of [0, 1]) {
      const { repo } = await newTestRepo({ ...SMALL_TUNING, workers });
      const first = await repo.writeSnapshot({ kind: "full", records: [...products(10), ...customers(300)] });
      expect(first.stats.newRecords).toBe(310);
      const second = await repo.writeSnapshot({ kind: "full", records: [...products(10), ...customers(300, 42)] });
      expect(second.stats.newRecords).toBe(1);
      const read = await collect(repo.readSnapshot(second.id));
      expect(read.find((e) => e.gid === "gid://shopify/Customer/42")?.record).toMatchObject({ note: "edited" });
      expect(read.filter((e) => e.type === "Customer")).toHaveLength(300);
      expect((await repo.check({ readDataPercent: 100 })).problems).toEqual([]);
    }
  });

  it("seals records the filter wrongly calls stored (false positives), so they still read back", async () => {
    // 5000 stored customers fill the smallest filter to ~1% false positives:
    // among 2000 new customers a few dozen arrive unsealed and take the writer's own sealing path.
    const { repo } = await newTestRepo({ ...SMALL_TUNING, blockTargetBytes: 256 << 10, packTargetBytes: 1 << 20, workers: 1 });
    const many = (from: number, to: number): RecordInput[] =>
      Array.from({ length: to - from }, (_, k) => ({
        type: "Customer",
        gid: `gid://shopify/Customer/${from + k}`,
        subject: `gid://shopify/Customer/${from + k}`,
        record: { email: `c${from + k}@example.com` },
      }));
    await repo.writeSnapshot({ kind: "full", records: many(0, 5000) });
    const second = await repo.writeSnapshot({ kind: "full", records: many(0, 7000) });
    expect(second.stats.newRecords).toBe(2000);
    const read = await collect(repo.readSnapshot(second.id));
    expect(read.filter((e) => e.record !== null)).toHaveLength(7000);
    expect(read.at(-1)?.record).toEqual({ email: expect.stringMatching(/^c\d+@example\.com$/) });
    expect((await repo.check({ readDataPercent: 100 })).problems).toEqual([]);
  });
});
