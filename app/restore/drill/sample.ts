/**
 * Which records a drill reads: a uniform random sample per type, drawn from
 * the catalog's listing of the snapshot (the catalog lists a snapshot's
 * records without decrypting any of them; the drill then reads each sampled
 * one from the repository, which is where the checking happens).
 */
import { spanningSnapshot } from "~/catalog/queries";
import type { Db } from "~/db.server";
import type { SampledRecord, SampleSource } from "./types";

/** `k` distinct positions in [0, n), uniformly (Floyd's algorithm), ascending. */
export function samplePositions(n: number, k: number, random: () => number = Math.random): number[] {
  const picked = new Set<number>();
  const take = Math.min(n, Math.max(0, k));
  for (let j = n - take; j < n; j++) {
    const t = Math.floor(random() * (j + 1));
    picked.add(picked.has(t) ? j : t);
  }
  return [...picked].sort((a, b) => a - b);
}

/** How many of each type to sample: `products` products, `others` of every other type present. */
export function samplePlan(counts: Record<string, number>, products: number, others: number): Record<string, number> {
  const plan: Record<string, number> = {};
  for (const [type, n] of Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const want = type === "Product" ? products : others;
    if (n > 0 && want > 0) plan[type] = Math.min(n, want);
  }
  return plan;
}

/** The catalog as a sample source: versions whose run spans the snapshot, ordered by GID. */
export function catalogSampleSource(db: Db, shop: string): SampleSource {
  const spanning = (snapshotId: string) => spanningSnapshot(shop, snapshotId);
  return {
    async counts(snapshotId) {
      const groups = await db.recordVersion.groupBy({ by: ["type"], where: spanning(snapshotId), _count: { _all: true } });
      return Object.fromEntries(groups.map((g) => [g.type, g._count._all]));
    },
    async at(snapshotId, type, positions) {
      const out: SampledRecord[] = [];
      for (const skip of positions) {
        const row = await db.recordVersion.findFirst({ where: { ...spanning(snapshotId), type }, orderBy: { gid: "asc" }, skip, select: { gid: true, recordId: true, title: true } });
        if (row) out.push(row);
      }
      return out;
    },
  };
}
