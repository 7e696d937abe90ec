/**
 * The catalog follows snapshots from their diffs, answers search and history
 * without the repository, and rebuilds from the repository alone to the
 * same rows; on SQLite and on PostgreSQL (it inserts rows with plain SQL).
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFullSnapshot } from "~/backup/full-snapshot";
import { createDb, type Db } from "~/db.server";
import { migrateDatabase } from "~/db/migrate.server";
import { createRepository, type Repository } from "~/repo";
import { createTestKeyProvider } from "~/repo/test-support";
import { createAdminClient, type AdminClient } from "~/shopify/admin-client";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { startSimulator, type RunningSimulator } from "../../test/simulator";
import { databaseTargets } from "../../test/support/database-targets";
import { catalogSnapshot, rebuildCatalog, UNREAD_TYPES } from "./catalog";
import { searchFields } from "./search-fields";
import { listCatalogSnapshots, recordHistory, searchSnapshotRecords } from "./queries";

const migrations = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
const { targets, cleanup } = databaseTargets("catalog");

describe.each(targets)("catalog on $provider", (target) => {
  let db: Db;
  let sim: RunningSimulator;
  let client: AdminClient;
  let repository: Repository;
  const snapshots: string[] = [];
  let changedProduct = "";
  let deletedProduct = "";

  const sink = () => ({ snapshotCommitted: (repo: Repository, info: Parameters<typeof catalogSnapshot>[2]) => catalogSnapshot(db, repo, info) });

  beforeAll(async () => {
    await migrateDatabase(target, migrations);
    db = createDb(target);
    sim = await startSimulator({ size: "tiny", seed: 3, apiKey: "key", apiSecret: "secret", plan: "plus" });
    client = createAdminClient({ shop: sim.shopDomain, accessToken: sim.accessToken(), apiVersion: "2026-10", baseUrl: sim.url });
    repository = createRepository({ store: createMemoryBlobStore(), keys: createTestKeyProvider(), shop: sim.shopDomain });
    await repository.init();
    const run = async () =>
      snapshots.push((await runFullSnapshot({ shop: sim.shopDomain, client, repository, catalog: sink(), bulk: { pollIntervalMs: 10 }, types: ["products", "customers", "shop"] })).snapshot.id);
    await run();
    const list = (await client.request<{ products: { nodes: { id: string }[] } }>(`query { products(first: 2) { nodes { id } } }`)).data.products.nodes;
    [changedProduct, deletedProduct] = list.map((p) => p.id);
    const probe = await client.request<{ metafieldsSet: { userErrors: unknown[] } }>(`mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`, {
      m: [{ ownerId: changedProduct, namespace: "custom", key: "catalog_probe", type: "single_line_text_field", value: "x" }],
    });
    expect(probe.data.metafieldsSet.userErrors).toEqual([]);
    await client.request(`mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId } }`, { id: deletedProduct });
    await run();
    await run();
  });

  afterAll(async () => {
    await db?.$disconnect();
    await sim?.close();
  });

  async function allRows() {
    const rows = await db.recordVersion.findMany({ where: { shop: sim.shopDomain } });
    return rows.map(({ id: _id, ...rest }) => rest).sort((a, b) => `${a.type}|${a.gid}|${a.firstSeenSnapshot}`.localeCompare(`${b.type}|${b.gid}|${b.firstSeenSnapshot}`));
  }

  it("lists every committed snapshot with its counts", async () => {
    const listed = await listCatalogSnapshots(db, sim.shopDomain);
    expect(listed.map((s) => s.id)).toEqual([...snapshots].reverse());
    const info = await repository.getSnapshot(snapshots[0]);
    expect(listed.at(-1)?.countsPerType).toEqual(info.countsPerType);
    expect(listed.at(-1)?.recordCount).toBe(info.totalRecords);
  });

  it("holds, for each snapshot, exactly the records of that snapshot", async () => {
    for (const id of snapshots) {
      const expected: string[] = [];
      for await (const entry of repository.readSnapshot(id)) expected.push(`${entry.type}|${entry.gid}|${entry.recordId}`);
      const { rows, total } = await searchSnapshotRecords(db, sim.shopDomain, id, { take: 10_000 });
      expect(total).toBe(expected.length);
      expect(rows.map((r) => `${r.type}|${r.gid}|${r.recordId}`).sort()).toEqual(expected.sort());
    }
  });

  it("answers history and search from the database", async () => {
    const history = await recordHistory(db, sim.shopDomain, "Product", changedProduct);
    expect(history).toHaveLength(2);
    expect(history.map((h) => [h.firstSeenSnapshot, h.lastSeenSnapshot, h.current])).toEqual([
      [snapshots[0], snapshots[0], false],
      [snapshots[1], snapshots[2], true],
    ]);
    const removed = await recordHistory(db, sim.shopDomain, "Product", deletedProduct);
    expect(removed.map((h) => [h.lastSeenSnapshot, h.current])).toEqual([[snapshots[0], false]]);
    const customer = (await searchSnapshotRecords(db, sim.shopDomain, snapshots[2], { type: "Customer", take: 1 })).rows[0];
    expect(customer.email).toMatch(/@/);
    const byEmail = await searchSnapshotRecords(db, sim.shopDomain, snapshots[2], { q: customer.email!.slice(0, 8) });
    expect(byEmail.rows.map((r) => r.gid)).toContain(customer.gid);
  });

  it("is idempotent, and rebuilds from the repository alone to the same rows", async () => {
    const before = await allRows();
    expect(before.length).toBeGreaterThan(0);
    expect((await catalogSnapshot(db, repository, await repository.getSnapshot(snapshots[2]))).already).toBe(true);
    await db.recordVersion.deleteMany({});
    await db.snapshotCatalog.deleteMany({});
    expect(await rebuildCatalog(db, repository)).toEqual({ snapshots: 3 });
    expect(await allRows()).toEqual(before);
  });

  it("finishes an interrupted update without duplicates", async () => {
    const before = await allRows();
    const infos = await Promise.all(snapshots.map((id) => repository.getSnapshot(id)));
    await db.recordVersion.deleteMany({});
    await db.snapshotCatalog.deleteMany({});
    await catalogSnapshot(db, repository, infos[0]);
    // A crash half-way through cataloguing the second snapshot: its row exists (not catalogued),
    // the changed product's old version is closed and its new version already inserted.
    await db.snapshotCatalog.create({ data: { id: infos[1].id, shop: sim.shopDomain, takenAt: new Date(infos[1].startedAt), kind: "full", summary: {} } });
    const old = await db.recordVersion.findFirstOrThrow({ where: { type: "Product", gid: changedProduct } });
    await db.recordVersion.update({ where: { id: old.id }, data: { current: false } });
    await db.recordVersion.create({ data: { ...old, id: undefined, recordId: "partial", firstSeenSnapshot: infos[1].id, lastSeenSnapshot: infos[1].id, current: true } });
    await catalogSnapshot(db, repository, infos[1]);
    await catalogSnapshot(db, repository, infos[2]);
    expect(await allRows()).toEqual(before);
  });
});

describe("types the catalog does not read back", () => {
  it("yield no search field in any record of a seeded store", async () => {
    const sim = await startSimulator({ size: "small", seed: 5, apiKey: "key", apiSecret: "secret", plan: "plus" });
    try {
      const client = createAdminClient({ shop: sim.shopDomain, accessToken: sim.accessToken(), apiVersion: "2026-10", baseUrl: sim.url });
      const repository = createRepository({ store: createMemoryBlobStore(), keys: createTestKeyProvider(), shop: sim.shopDomain });
      await repository.init();
      const { snapshot } = await runFullSnapshot({ shop: sim.shopDomain, client, repository, bulk: { pollIntervalMs: 10 }, types: ["products", "inventory"] });
      const seen = new Map<string, number>();
      const empty = { title: null, handle: null, email: null };
      for await (const entry of repository.readSnapshot(snapshot.id, { types: UNREAD_TYPES.filter((t) => t !== "MediaBlob") })) {
        seen.set(entry.type, (seen.get(entry.type) ?? 0) + 1);
        // The catalog writes these rows from searchFields(type, null): reading the record must not change them.
        expect({ type: entry.type, gid: entry.gid, ...searchFields(entry.type, entry.record) }).toEqual({ type: entry.type, gid: entry.gid, ...empty });
      }
      expect(seen.get("InventoryLevel")).toBeGreaterThan(100);
      expect(seen.get("ProductVariantMetafields")).toBeGreaterThan(10);
    } finally {
      await sim.close();
    }
  });
});

afterAll(async () => {
  await cleanup();
});
