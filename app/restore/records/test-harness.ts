/** Shared setup of the record-restore tests: fixture, SQLite journal, plan + execute, and snapshot listing. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runFullSnapshot } from "~/backup/full-snapshot";
import { createDb, type Db } from "~/db.server";
import { migrateDatabase } from "~/db/migrate.server";
import type { DataType } from "~/services/settings";
import type { AdminClient } from "~/shopify/admin-client";
import { executeRestore } from "../executor";
import type { RestoreJournal } from "../journal";
import { createPrismaJournal } from "../journal-prisma";
import { prepareRestore } from "../restore-products";
import { restoreFixture, type RestoreFixture } from "../test-support";
import type { JsonObject, RestoreSelection } from "../types";
import { compareRecords } from "./verify";

export interface RecordHarness {
  f: RestoreFixture;
  /** The app database (SQLite, migrated) the journal lives in. */
  db: Db;
  journal: RestoreJournal;
  shop: string;
  /** GIDs of `type` in the fixture's snapshot, with their records. */
  records(type: string, snapshotId?: string): Promise<{ gid: string; record: JsonObject }[]>;
  restore(type: string, gids: string[], options?: { choices?: Record<string, string[]>; snapshotId?: string; deleteAbsent?: boolean; client?: AdminClient; signal?: AbortSignal; concurrency?: number }): ReturnType<typeof prepareRestore>;
  /** Plans and journals any selection (restore() is the one-type shorthand). */
  prepare(selection: RestoreSelection, options?: { choices?: Record<string, string[]>; deleteAbsent?: boolean }): ReturnType<typeof prepareRestore>;
  execute(runId: string, options?: { client?: AdminClient; signal?: AbortSignal; concurrency?: number }): ReturnType<typeof executeRestore>;
  mismatches(type: string, gids: string[], snapshotId?: string): ReturnType<typeof compareRecords>;
  /** Takes another full snapshot of `types` (after a test added records); resolves with its id. */
  snapshot(types: DataType[]): Promise<string>;
  close(): Promise<void>;
}

export async function recordHarness(types: DataType[]): Promise<RecordHarness> {
  const tmp = mkdtempSync(join(tmpdir(), "snapshelf-records-"));
  const f = await restoreFixture({ types });
  // The journal is the app's: SQLite through Prisma, migrated like production.
  const target = { provider: "sqlite" as const, url: `file:${join(tmp, "app.sqlite")}` };
  await migrateDatabase(target, fileURLToPath(new URL("../../../prisma/migrations", import.meta.url)));
  const db: Db = createDb(target);
  const journal = createPrismaJournal(db);
  const shop = f.sim.shopDomain;
  const lookup = (gid: string) => journal.lookupGid(shop, gid);
  const prepare: RecordHarness["prepare"] = (selection, options = {}) =>
    prepareRestore({ repository: f.repository, fetch: { client: f.client }, journal, shop, selection, choices: options.choices, deleteAbsent: options.deleteAbsent });
  return {
    f,
    db,
    journal,
    shop,
    async records(type, snapshotId = f.snapshotId) {
      const out: { gid: string; record: JsonObject }[] = [];
      for await (const e of f.repository.readSnapshot(snapshotId)) if (e.type === type && e.record) out.push({ gid: e.gid, record: e.record as JsonObject });
      return out;
    },
    restore: (type, gids, options = {}) => prepare({ kind: "records", snapshotId: options.snapshotId ?? f.snapshotId, type, gids }, options),
    prepare,
    execute(runId, options = {}) {
      return executeRestore({ runId, journal, client: options.client ?? f.client, repository: f.repository, signal: options.signal, concurrency: options.concurrency });
    },
    mismatches(type, gids, snapshotId = f.snapshotId) {
      return compareRecords(f.repository, snapshotId, { client: f.client }, type, gids, lookup);
    },
    async snapshot(types) {
      const result = await runFullSnapshot({ shop, client: f.client, repository: f.repository, bulk: { pollIntervalMs: 10 }, types });
      return result.snapshot.id;
    },
    async close() {
      await f.close();
      await db.$disconnect();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * A client whose worker "dies" right after Shopify answered the first
 * request whose document contains `marker`: the write landed, the journal
 * never heard of it (the crash the resume tests recover from).
 */
export function dyingClient(client: AdminClient, marker: string): { client: AdminClient; signal: AbortSignal } {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    client: {
      ...client,
      request: async (document, variables, options) => {
        const answer = await client.request(document, variables, options);
        if (document.includes(marker)) {
          controller.abort(new Error("worker killed"));
          throw new Error("worker killed");
        }
        return answer as never;
      },
    },
  };
}
