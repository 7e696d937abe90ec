/**
 * The two databases the app runs on, for tests that run once per provider
 * (`describe.each(targets)`): a SQLite file in a temporary folder and a
 * PostgreSQL schema of the test file's own. Neither is migrated here.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseTarget } from "~/db/migrate.server";
import { postgresTestSchema } from "./postgres";

export interface DatabaseTargets {
  targets: DatabaseTarget[];
  /** The temporary folder (the SQLite file lives in it; tests may put more there). */
  dir: string;
  /** Drops the PostgreSQL schema and deletes the folder. */
  cleanup(): Promise<void>;
}

export function databaseTargets(name: string): DatabaseTargets {
  const dir = mkdtempSync(join(tmpdir(), `snapshelf-${name}-`));
  const schema = postgresTestSchema(name);
  return {
    targets: [
      { provider: "sqlite", url: `file:${join(dir, `${name}.sqlite`)}` },
      { provider: "postgresql", url: schema.url },
    ],
    dir,
    async cleanup() {
      await schema.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
