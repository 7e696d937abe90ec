/** "Products changed since X": the products that differ between the snapshot at X and the newest one. */
import { describe, expect, it } from "vitest";
import { newTestRepo, product } from "~/repo/test-support";
import { resolveSelection } from "./selection";

describe("resolveSelection", () => {
  it("picks changed and deleted products since the time, restores them to the snapshot taken at it, and skips new ones", async () => {
    const { repo, clock } = await newTestRepo();
    const gid = (i: number) => `gid://shopify/Product/${i}`;
    const first = await repo.writeSnapshot({ kind: "full", records: [1, 2, 3, 4].map((i) => ({ type: "Product", gid: gid(i), record: product(i) })) });
    const since = new Date(clock.now.getTime() + 1000).toISOString();
    clock.advance(60_000);
    await repo.writeSnapshot({ kind: "full", records: [1, 2, 4, 5].map((i) => ({ type: "Product", gid: gid(i), record: product(i, i === 2 ? 1 : 0) })) });
    const resolved = await resolveSelection(repo, { kind: "changedSince", type: "Product", since });
    expect(resolved.snapshotId).toBe(first.id);
    expect(resolved.gids.sort()).toEqual([gid(2), gid(3)]);
    expect(resolved.notes).toEqual([{ gid: gid(5), reason: "Created after the chosen time: left as it is" }]);
    await expect(resolveSelection(repo, { kind: "changedSince", type: "Product", since: "2000-01-01T00:00:00Z" })).rejects.toThrow(/No snapshot/);
  });
});
