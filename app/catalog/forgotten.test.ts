/**
 * After snapshots are forgotten, the catalog names only snapshots the
 * repository holds, and at every kept snapshot it lists exactly the records
 * the repository holds there; on SQLite and PostgreSQL.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/db.server";
import { migrateDatabase } from "~/db/migrate.server";
import { createRepository, type RecordInput, type Repository } from "~/repo";
import { layout } from "~/repo/format";
import { createTestKeyProvider } from "~/repo/test-support";
import type { BlobStore } from "~/storage/blob-store";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { databaseTargets } from "../../test/support/database-targets";
import { catalogSnapshot } from "./catalog";
import { dropForgottenSnapshots } from "./forgotten";
import { spanningSnapshot } from "./queries";

const migrations = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
const { targets, cleanup } = databaseTargets("forgotten");
const shop = "forgotten.myshopify.com";
const gid = (n: number) => `gid://shopify/Product/${n}`;
const product = (n: number, version: number): RecordInput => ({ type: "Product", gid: gid(n), record: { id: gid(n), title: `p${n} v${version}` } });
const gone = (n: number): RecordInput => ({ type: "Product", gid: gid(n), record: null });

/**
 * Snapshot i's changes. Chosen so that forgetting 1, 2 and 4 leaves runs that
 * span no kept snapshot (p7), runs that begin in a gap and survive (p1, p8),
 * runs that end in a gap (p1 v0, p5), and versions that come back (p2, p3, p1 v1).
 */
const CHANGES: RecordInput[][] = [
  [1, 2, 3, 4, 5, 6].map((n) => product(n, 0)),
  [product(1, 1), gone(2), product(7, 0)],
  [product(1, 2), gone(7), product(8, 0), product(3, 1)],
  [product(2, 0), product(3, 0), product(4, 1)],
  [product(8, 1), gone(5)],
  [product(1, 1), product(6, 1)],
  [product(4, 2)],
];

describe.each(targets)("dropForgottenSnapshots on $provider", (target) => {
  let db: Db;
  let store: BlobStore;
  let repository: Repository;
  const ids: string[] = [];

  beforeAll(async () => {
    await migrateDatabase(target, migrations);
    db = createDb(target);
    store = createMemoryBlobStore();
    repository = createRepository({ store, keys: createTestKeyProvider(), shop });
    await repository.init();
    for (const [i, records] of CHANGES.entries()) {
      const info = await repository.writeSnapshot({ kind: i === 0 ? "full" : "incremental", records });
      await catalogSnapshot(db, repository, info);
      ids.push(info.id);
    }
  });

  afterAll(async () => {
    await db?.$disconnect();
    if (target.provider === "postgresql") await cleanup();
  });

  /** What retention does to the repository: the snapshot objects go. */
  const forget = (...which: number[]) => Promise.all(which.map((i) => store.delete(layout(shop).snapshot(ids[i]))));

  /** The catalog against the repository: same snapshots, and at each the same (type, GID, record id) set. */
  async function expectCatalogMatchesRepository() {
    const held = (await repository.listSnapshots()).map((s) => s.id).sort();
    const listed = (await db.snapshotCatalog.findMany({ where: { shop }, orderBy: { id: "asc" } })).map((r) => r.id);
    expect(listed).toEqual(held);
    for (const id of held) {
      const inRepository: string[] = [];
      for await (const entry of repository.readSnapshot(id)) inRepository.push(`${entry.gid} ${entry.recordId}`);
      const rows = await db.recordVersion.findMany({ where: spanningSnapshot(shop, id) });
      expect(rows.map((r) => `${r.gid} ${r.recordId}`).sort(), `records at ${id}`).toEqual(inRepository.sort());
    }
    // Current rows are exactly the newest snapshot's records: the next snapshot closes runs by `current`.
    const current = await db.recordVersion.findMany({ where: { shop, current: true } });
    const newest: string[] = [];
    for await (const entry of repository.readSnapshot(held.at(-1) ?? "")) newest.push(`${entry.gid} ${entry.recordId}`);
    expect(current.map((r) => `${r.gid} ${r.recordId}`).sort(), "current rows").toEqual(newest.sort());
    const takenAt = new Map((await db.snapshotCatalog.findMany({ where: { shop } })).map((r) => [r.id, r.takenAt.getTime()]));
    for (const row of await db.recordVersion.findMany({ where: { shop } })) {
      expect(takenAt.get(row.firstSeenSnapshot), `${row.gid} first seen`).toBe(row.firstSeenAt.getTime());
      if (!row.current) expect(takenAt.get(row.lastSeenSnapshot), `${row.gid} last seen`).toBe(row.lastSeenAt.getTime());
    }
  }

  it("drops snapshots forgotten in the middle and fixes the runs around them", async () => {
    await expectCatalogMatchesRepository();
    const before = await db.recordVersion.count({ where: { shop, gid: gid(7) } });
    expect(before).toBe(1);
    await forget(1, 2, 4);
    expect(await dropForgottenSnapshots(db, repository)).toEqual({ dropped: 3, rebuilt: false });
    await expectCatalogMatchesRepository();
    // p7 lived only in forgotten snapshots: its history is gone with them.
    expect(await db.recordVersion.count({ where: { shop, gid: gid(7) } })).toBe(0);
    // Nothing more to do on a second run.
    expect(await dropForgottenSnapshots(db, repository)).toEqual({ dropped: 0, rebuilt: false });
  });

  it("drops the oldest (full) snapshot, with nothing kept before it", async () => {
    await forget(0);
    expect(await dropForgottenSnapshots(db, repository)).toEqual({ dropped: 1, rebuilt: false });
    await expectCatalogMatchesRepository();
  });

  it("rebuilds when the newest catalogued snapshot is gone, and catalogues on from there", async () => {
    await forget(6);
    expect(await dropForgottenSnapshots(db, repository)).toEqual({ dropped: 1, rebuilt: true });
    await expectCatalogMatchesRepository();
    const info = await repository.writeSnapshot({ kind: "incremental", records: [product(6, 2), gone(3)] });
    await catalogSnapshot(db, repository, info);
    await expectCatalogMatchesRepository();
  });

  it("undoes the rows of a snapshot whose cataloguing never finished", async () => {
    const info = await repository.writeSnapshot({ kind: "incremental", records: [product(1, 3), product(9, 0), gone(4)] });
    await catalogSnapshot(db, repository, info);
    // As if the process died after writing the rows, before marking the snapshot catalogued.
    await db.snapshotCatalog.update({ where: { id: info.id }, data: { cataloguedAt: null } });
    await store.delete(layout(shop).snapshot(info.id));
    expect(await dropForgottenSnapshots(db, repository)).toEqual({ dropped: 1, rebuilt: false });
    await expectCatalogMatchesRepository();
  });
});
