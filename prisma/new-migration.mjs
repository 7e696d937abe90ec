/**
 * `node prisma/new-migration.mjs <name>`: writes the SQL that takes each
 * provider's database from the last migration's models to the current
 * prisma/models.prisma, as prisma/migrations/<provider>/<NNN_name>/.
 * `prisma migrate dev` cannot run here (no schema-engine binary; see
 * STACK.md), so we diff schema files with `migrate diff --script` instead and
 * keep a copy of the models beside each migration as the next diff's start.
 * The PostgreSQL diff needs a reachable server (the JS schema engine
 * connects): SNAPSHELF_PRISMA_URL, default postgresql://postgres@127.0.0.1:5432/test.
 */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROVIDERS, prismaDir, rootDir, schemaFor } from "./derive-schemas.mjs";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: node prisma/new-migration.mjs <snake_case_name>");
  process.exit(2);
}
const models = readFileSync(join(prismaDir, "models.prisma"), "utf8");
const work = mkdtempSync(join(tmpdir(), "snapshelf-migration-"));
const cli = join(rootDir, "node_modules/prisma/build/index.js");
const urls = {
  sqlite: `file:${join(work, "cli.sqlite")}`,
  postgresql: process.env.SNAPSHELF_PRISMA_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
};

try {
  for (const provider of PROVIDERS) {
    const dir = join(prismaDir, "migrations", provider);
    mkdirSync(dir, { recursive: true });
    const existing = readdirSync(dir)
      .filter((d) => /^\d{3}_/.test(d))
      .sort();
    const last = existing.at(-1);
    const to = join(work, `to.${provider}.prisma`);
    writeFileSync(to, schemaFor(provider, models));
    const from = ["--from-empty"];
    if (last) {
      const previous = join(work, `from.${provider}.prisma`);
      writeFileSync(
        previous,
        schemaFor(provider, readFileSync(join(dir, last, "models.prisma"), "utf8")),
      );
      from.splice(0, 1, "--from-schema-datamodel", previous);
    }
    const sql = execFileSync(
      process.execPath,
      [cli, "migrate", "diff", ...from, "--to-schema-datamodel", to, "--script"],
      {
        cwd: rootDir,
        encoding: "utf8",
        env: {
          ...process.env,
          SNAPSHELF_PRISMA_PROVIDER: provider,
          SNAPSHELF_PRISMA_URL: urls[provider],
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    )
      // The migrator runs each file inside the target schema (search_path), so
      // a hard-coded "public" must not appear.
      .replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n?/m, "")
      .trim();
    if (!sql || /^-- This is an empty migration\.?$/.test(sql)) {
      console.log(`${provider}: no changes`);
      continue;
    }
    const number = String(existing.length + 1).padStart(3, "0");
    const target = join(dir, `${number}_${name}`);
    if (existsSync(target)) throw new Error(`${target} already exists`);
    mkdirSync(target);
    writeFileSync(join(target, "migration.sql"), `${sql}\n`);
    writeFileSync(join(target, "models.prisma"), models);
    console.log(`${provider}: wrote ${target}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
