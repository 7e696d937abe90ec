/** A migrated SQLite database in a temporary folder, for tests that need the app's real tables. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import { createDb, type Db } from "~/db.server";
import { migrateDatabase } from "~/db/migrate.server";

const MIGRATIONS = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

export interface TestSqlite {
  db: Db;
  /** Disconnects and deletes the folder. */
  close(): Promise<void>;
}

export async function migratedSqlite(name: string): Promise<TestSqlite> {
  const dir = mkdtempSync(join(tmpdir(), `snapshelf-${name}-`));
  const target = { provider: "sqlite" as const, url: `file:${join(dir, `${name}.sqlite`)}` };
  await migrateDatabase(target, MIGRATIONS);
  const db = createDb(target);
  return {
    db,
    async close() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A migrated SQLite database for the test file: opened before its tests, removed after them. */
export function useMigratedSqlite(name: string): { readonly db: Db } {
  let sqlite: TestSqlite | undefined;
  beforeAll(async () => {
    sqlite = await migratedSqlite(name);
  });
  afterAll(async () => {
    await sqlite?.close();
  });
  return {
    get db() {
      if (!sqlite) throw new Error("the test database is opened in beforeAll");
      return sqlite.db;
    },
  };
}
