/**
 * Prisma CLI configuration. No engine binaries can be downloaded here, so the
 * CLI runs its JavaScript schema engine through a driver adapter. The schema
 * is passed explicitly (`--schema prisma/generated/schema.<provider>.prisma`)
 * by scripts/db-setup.mjs and prisma/new-migration.mjs; the adapter follows
 * the provider in SNAPSHELF_PRISMA_PROVIDER (the CLI's own environment, not the
 * app's configuration).
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

const provider = process.env.SNAPSHELF_PRISMA_PROVIDER ?? "sqlite";
const url = process.env.SNAPSHELF_PRISMA_URL ?? "file:./data/prisma-cli.sqlite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `prisma/generated/schema.${provider}.prisma`,
  async adapter() {
    return provider === "postgresql"
      ? new PrismaPg({ connectionString: url })
      : new PrismaBetterSQLite3({ url });
  },
});
