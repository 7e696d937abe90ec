import { describe, expect, it } from "vitest";
import { UserFacingError } from "~/errors";
import { canonicalJson } from "./canonical";
import { CANONICAL_SOURCE } from "./canonical-source";
import { collect, newTestRepo, product, SMALL_TUNING } from "./test-support";
import type { RecordInput } from "./types";

const workerCanonical = new Function(`${CANONICAL_SOURCE}; return canonicalJson;`)() as (
  value: unknown,
  volatile: Set<string>,
) => string;

const samples: unknown[] = [
  { b: 1, a: [1, "x", null, { d: true, c: 1.5e-7 }], é: "ü\u2028\"\\", n: -0, big: 1e21 },
  { z: { y: { x: [[], {}, ["a", "b"]] } }, __parentId: "gid://x/1", nested: [{ __parentId: 1, k: 2 }] },
  [3, "three", false, { "": 0 }],
  product(7, 2),
];

describe("raw JSON records", () => {
  it("the worker's canonical JSON gives the same text as canonicalJson()", () => {
    for (const value of samples) {
      for (const volatile of [new Set<string>(), new Set(["__parentId", "k"])]) {
        expect(workerCanonical(value, volatile)).toBe(canonicalJson(value, volatile));
      }
    }
  });

  it("stores `json` items with the same ids and records as parsed `record` items, through workers and inline", async () => {
    const items = (asJson: boolean): RecordInput[] =>
      Array.from({ length: 120 }, (_, i) => {
        // Key order and whitespace differ from canonical form; the id must not.
        const record = { ...product(i), __parentId: `gid://shopify/Collection/${i % 3}`, aaa: i };
        const base =
          i % 4 === 0
            ? { type: "Customer", gid: `gid://shopify/Customer/${i}`, subject: `gid://shopify/Customer/${i}` }
            : { type: "Product", gid: `gid://shopify/Product/${i}` };
        return asJson ? { ...base, json: JSON.stringify(record, null, i % 2 ? 1 : undefined) } : { ...base, record };
      });
    for (const workers of [0, 1]) {
      const { repo } = await newTestRepo({ ...SMALL_TUNING, workers, hashBatchBytes: 4 << 10 });
      const volatileFields = ["__parentId"];
      const first = await repo.writeSnapshot({ kind: "full", records: items(false), volatileFields });
      const second = await repo.writeSnapshot({ kind: "full", records: items(true), volatileFields });
      expect(second.stats.recordsIn).toBe(120);
      expect(second.stats.newRecords).toBe(0);
      const a = await collect(repo.readSnapshot(first.id));
      const b = await collect(repo.readSnapshot(second.id));
      expect(b).toEqual(a);
      expect(b[0].record).not.toHaveProperty("__parentId");
      expect((await repo.check({ readDataPercent: 100 })).problems).toEqual([]);
    }
  });

  it("rejects a `json` item that is not a JSON object, naming its GID", async () => {
    for (const workers of [0, 1]) {
      const { repo } = await newTestRepo({ ...SMALL_TUNING, workers });
      for (const json of ['{"id": 1', "42"]) {
        const records: RecordInput[] = [
          { type: "Product", gid: "gid://shopify/Product/1", json: '{"ok":true}' },
          { type: "Product", gid: "gid://shopify/Product/2", json },
        ];
        const error = await repo.writeSnapshot({ kind: "full", records }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UserFacingError);
        expect(String(error)).toContain("gid://shopify/Product/2");
      }
      expect(await repo.listSnapshots()).toEqual([]);
    }
  });
});
