/**
 * Listing snapshots reads each snapshot object once per handle and returns
 * summaries without page lists, while still seeing what other handles
 * commit and forget.
 */
import { describe, expect, it } from "vitest";
import { createRepository } from "./repository";
import { newTestRepo, products, SMALL_TUNING } from "./test-support";

describe("listSnapshots", () => {
  it("reads each snapshot object once, and sees snapshots written and forgotten elsewhere", async () => {
    const { repo: writer, store, keys, clock } = await newTestRepo();
    let snapshotReads = 0;
    const counted = { ...store, get: (key: string) => (key.includes("/snapshots/") && snapshotReads++, store.get(key)) };
    const reader = createRepository({ store: counted, keys, shop: "demo.myshopify.com", tuning: SMALL_TUNING, now: () => clock.now });
    await reader.open();

    const first = await writer.writeSnapshot({ kind: "full", records: products(30) });
    clock.advance(3_600_000);
    const second = await writer.writeSnapshot({ kind: "incremental", records: [...products(31)].slice(30) });
    expect((await reader.listSnapshots()).map((s) => s.id)).toEqual([first.id, second.id]);
    expect(snapshotReads).toBe(2);

    // Listed again, and after a refresh (the next job): nothing is read again.
    await reader.listSnapshots();
    await reader.refresh();
    const listed = await reader.listSnapshots();
    expect(snapshotReads).toBe(2);
    expect(listed[1]).toMatchObject({ id: second.id, kind: "incremental", parent: first.id, totalRecords: 31, countsPerType: { Product: 31 } });
    expect(listed[1]).not.toHaveProperty("manifest");
    expect(listed[1]).not.toHaveProperty("delta");
    // A caller cannot change what the next listing returns.
    expect(() => ((listed[1].tags as Record<string, string>).x = "y")).toThrow(TypeError);

    clock.advance(3_600_000);
    const third = await writer.writeSnapshot({ kind: "incremental", records: [...products(32)].slice(31) });
    await writer.forget({ last: 1 });
    expect((await reader.listSnapshots()).map((s) => s.id)).toEqual([third.id]);
    expect(snapshotReads).toBe(3);
  });
});
