/**
 * `npm run setup`: derives the per-provider Prisma schemas from
 * prisma/models.prisma, generates both clients (only when a schema changed,
 * so repeated runs cost well under a second), then applies pending
 * migrations to the database in DATABASE_URL (default: the local SQLite file
 * data/snapshelf.sqlite). CI and `npm run demo` both run it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { tsImport } from "tsx/esm/api";
import {
  PROVIDERS,
  clientDir,
  deriveSchemas,
  prismaDir,
  rootDir,
} from "../prisma/derive-schemas.mjs";

const started = Date.now();
const schemas = deriveSchemas();
const cli = join(rootDir, "node_modules/prisma/build/index.js");

for (const provider of PROVIDERS) {
  const generatedSchema = join(clientDir(provider), "schema.prisma");
  const upToDate =
    existsSync(generatedSchema) &&
    readFileSync(generatedSchema, "utf8") === readFileSync(schemas[provider], "utf8");
  if (upToDate) continue;
  execFileSync(process.execPath, [cli, "generate", "--schema", schemas[provider]], {
    cwd: rootDir,
    env: { ...process.env, SNAPSHELF_PRISMA_PROVIDER: provider, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  console.error(`setup: generated the ${provider} Prisma client`);
}

const url = process.env.DATABASE_URL?.trim() || `file:${resolve(rootDir, "data/snapshelf.sqlite")}`;
const provider = url.startsWith("file:") ? "sqlite" : "postgresql";
const target = {
  provider,
  url: provider === "sqlite" ? `file:${resolve(rootDir, url.slice(5))}` : url,
};
const { migrateDatabase } = await tsImport("../app/db/migrate.server.ts", import.meta.url);
const applied = await migrateDatabase(target, join(prismaDir, "migrations"));
const where = provider === "sqlite" ? target.url : "PostgreSQL";
console.error(
  `setup: ${applied.length ? `applied ${applied.join(", ")}` : "database up to date"} (${where}) in ${Date.now() - started} ms`,
);
