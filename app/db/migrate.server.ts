/**
 * Applies the committed SQL migrations (prisma/migrations/<provider>/NNN_name)
 * at start-up and in `npm run setup`. Prisma's own `migrate deploy` fails on
 * PostgreSQL through the JS schema engine (STACK.md), so this small migrator
 * records what it applied in `_snapshelf_migrations` and refuses to run if an
 * applied file was edited afterwards.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { IntegrityError } from "~/errors";
import { splitPostgresUrl } from "./postgres-url";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface DatabaseTarget {
  provider: "sqlite" | "postgresql";
  url: string;
}

const TABLE = "_snapshelf_migrations";

/** Reads the migrations for one provider, in order. */
export function readMigrations(
  migrationsRoot: string,
  provider: DatabaseTarget["provider"],
): Migration[] {
  const dir = join(migrationsRoot, provider);
  return readdirSync(dir)
    .filter((name) => /^\d{3}_[a-z0-9_]+$/.test(name))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Applies every pending migration; returns the names it applied. */
export async function migrateDatabase(
  target: DatabaseTarget,
  migrationsRoot: string,
): Promise<string[]> {
  const migrations = readMigrations(migrationsRoot, target.provider);
  return target.provider === "sqlite"
    ? migrateSqlite(target.url, migrations)
    : migratePostgres(target.url, migrations);
}

function checkApplied(applied: Map<string, string>, migrations: Migration[]): Migration[] {
  for (const [name, checksum] of applied) {
    const local = migrations.find((m) => m.name === name);
    if (!local)
      throw new IntegrityError("database has a migration this code does not know", { name });
    if (local.checksum !== checksum) {
      throw new IntegrityError("an applied migration was edited afterwards", { name });
    }
  }
  return migrations.filter((m) => !applied.has(m.name));
}

function migrateSqlite(url: string, migrations: Migration[]): string[] {
  const path = url.replace(/^file:/, "");
  if (path !== ":memory:" && !existsSync(dirname(path)))
    mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    // Write-ahead logging is a property of the file, so setting it here covers
    // every connection the app opens later: a commit is one fsync of the log
    // (not of a rollback journal and the file), and readers no longer wait
    // for a writer. It matters for the webhook intake, one commit per event.
    if (path !== ":memory:") db.pragma("journal_mode = WAL");
    db.exec(
      `CREATE TABLE IF NOT EXISTS "${TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`,
    );
    // BEGIN IMMEDIATE takes the write lock first, so two processes starting at
    // once apply each migration exactly once.
    const run = db.transaction(() => {
      const rows = db.prepare(`SELECT name, checksum FROM "${TABLE}"`).all() as {
        name: string;
        checksum: string;
      }[];
      const pending = checkApplied(new Map(rows.map((r) => [r.name, r.checksum])), migrations);
      const record = db.prepare(
        `INSERT INTO "${TABLE}" (name, checksum, applied_at) VALUES (?, ?, ?)`,
      );
      for (const migration of pending) {
        db.exec(migration.sql);
        record.run(migration.name, migration.checksum, new Date().toISOString());
      }
      return pending.map((m) => m.name);
    });
    return run.immediate();
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const { connectionString, schema } = splitPostgresUrl(url);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    // One migrator at a time across every app instance starting together.
    await client.query("SELECT pg_advisory_lock(hashtext('snapshelf-migrations'))");
    if (schema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query(`SET search_path TO ${quoteIdent(schema)}`);
    }
    await client.query(
      `CREATE TABLE IF NOT EXISTS "${TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ name: string; checksum: string }>(
      `SELECT name, checksum FROM "${TABLE}"`,
    );
    const pending = checkApplied(new Map(rows.map((r) => [r.name, r.checksum])), migrations);
    for (const migration of pending) {
      // PostgreSQL DDL is transactional: a failed migration leaves nothing behind.
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(`INSERT INTO "${TABLE}" (name, checksum) VALUES ($1, $2)`, [
          migration.name,
          migration.checksum,
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    }
    return pending.map((m) => m.name);
  } finally {
    await client
      .query("SELECT pg_advisory_unlock(hashtext('snapshelf-migrations'))")
      .catch(() => undefined);
    await client.end();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
