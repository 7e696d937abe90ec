/** Fixture of the drill tests: a simulator store snapshotted (and catalogued) into a memory repository with small blocks. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runFullSnapshot } from "~/backup/full-snapshot";
import { catalogSnapshot } from "~/catalog/catalog";
import { createDb, type Db } from "~/db.server";
import { migrateDatabase } from "~/db/migrate.server";
import type { KeyProvider } from "~/keys/key-provider";
import { createRepository, type Repository } from "~/repo";
import { createTestKeyProvider, SMALL_TUNING } from "~/repo/test-support";
import { createAdminClient, type AdminClient } from "~/shopify/admin-client";
import type { BlobStore } from "~/storage/blob-store";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { startSimulator, type RunningSimulator } from "../../../test/simulator";

export interface DrillFixture {
  sim: RunningSimulator;
  client: AdminClient;
  store: BlobStore;
  keys: KeyProvider;
  repository: Repository;
  db: Db;
  snapshotId: string;
  /** A new handle on the same repository (no block cache: every read goes to the store). */
  reopen(): Promise<Repository>;
  close(): Promise<void>;
}

/** Simulator (tiny store) → full snapshot of products, collections, inventory, customers and content → catalog in a migrated SQLite. */
export async function drillFixture(): Promise<DrillFixture> {
  const tmp = mkdtempSync(join(tmpdir(), "snapshelf-drill-"));
  const target = { provider: "sqlite" as const, url: `file:${join(tmp, "app.sqlite")}` };
  await migrateDatabase(target, fileURLToPath(new URL("../../../prisma/migrations", import.meta.url)));
  const db = createDb(target);
  const sim = await startSimulator({ size: "tiny", seed: 11, apiKey: "key", apiSecret: "secret", plan: "plus" });
  const client = createAdminClient({ shop: sim.shopDomain, accessToken: sim.accessToken(), apiVersion: "2026-10", baseUrl: sim.url });
  const store = createMemoryBlobStore();
  const keys = createTestKeyProvider();
  const open = () => createRepository({ store, keys, shop: sim.shopDomain, tuning: SMALL_TUNING });
  const repository = open();
  await repository.init();
  const result = await runFullSnapshot({
    shop: sim.shopDomain,
    client,
    repository,
    bulk: { pollIntervalMs: 10 },
    types: ["products", "collections", "inventory", "customers", "content"],
    catalog: { snapshotCommitted: (repo, info) => catalogSnapshot(db, repo, info) },
  });
  return {
    sim,
    client,
    store,
    keys,
    repository,
    db,
    snapshotId: result.snapshot.id,
    async reopen() {
      const fresh = open();
      await fresh.open();
      return fresh;
    },
    async close() {
      await sim.close();
      await db.$disconnect();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
