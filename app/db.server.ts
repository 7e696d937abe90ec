/**
 * The database client. SQLite (better-sqlite3 driver adapter) by default,
 * PostgreSQL (pg driver adapter) in production; `npm run setup` generates one
 * Prisma client per provider from prisma/models.prisma.
 */
import { createRequire } from "node:module";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import type { AppConfig } from "~/config/config.server";
import { schemaProblem, splitPostgresUrl } from "~/db/postgres-url";

/**
 * Both generated clients have the same models and method shapes, so the app
 * is typed against the SQLite one (the `@prisma/client` default).
 */
export type Db = PrismaClient;

/** A Prisma client for the configured database. */
export function createDb(database: AppConfig["database"]): Db {
  if (database.provider === "sqlite") {
    return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: database.url }) });
  }
  const { connectionString, schema } = splitPostgresUrl(database.url);
  // The PostgreSQL client is generated beside the default one
  // (node_modules/.prisma/client-postgresql); a bare `.prisma/…` specifier
  // resolves there through Node's require, like @prisma/client's own.
  const require = createRequire(import.meta.url);
  const generated = require(".prisma/client-postgresql") as { PrismaClient: typeof PrismaClient };
  // Prisma qualifies its own queries with the schema; the search path makes the app's few
  // plain-SQL statements (the catalog's bulk inserts) find the same tables.
  const problem = schemaProblem(schema);
  if (problem) throw new Error(problem);
  const searchPath = schema ? { options: `-c search_path=${schema}` } : {};
  return new generated.PrismaClient({ adapter: new PrismaPg({ connectionString, ...searchPath }, { schema }) });
}

