/**
 * A Prisma client is fixed to one datasource provider, so the models live
 * once in prisma/models.prisma and this derives one full schema per provider.
 * The SQLite client is generated to Prisma's default location because
 * @shopify/shopify-app-session-storage-prisma imports `@prisma/client`; the
 * PostgreSQL client goes beside it under its own name.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PROVIDERS = ["sqlite", "postgresql"];
export const prismaDir = dirname(fileURLToPath(import.meta.url));
export const rootDir = dirname(prismaDir);

const OUTPUT = {
  sqlite: "../../node_modules/.prisma/client",
  postgresql: "../../node_modules/.prisma/client-postgresql",
};
// The CLI wants a URL in the datasource; the real one reaches the driver
// adapter at run time, so a placeholder of the right shape is enough here.
const PLACEHOLDER_URL = {
  sqlite: "file:./placeholder.sqlite",
  postgresql: "postgresql://placeholder/placeholder",
};

/** The full schema text for `provider`, built from the given models text. */
export function schemaFor(provider, models) {
  return [
    "// GENERATED from prisma/models.prisma by prisma/derive-schemas.mjs: do not edit.",
    "generator client {",
    '  provider   = "prisma-client-js"',
    '  engineType = "client"',
    `  output     = "${OUTPUT[provider]}"`,
    "}",
    "",
    "datasource db {",
    `  provider = "${provider}"`,
    `  url      = "${PLACEHOLDER_URL[provider]}"`,
    "}",
    "",
    models,
  ].join("\n");
}

/** Absolute path of the derived schema for `provider`. */
export function schemaPath(provider) {
  return join(prismaDir, "generated", `schema.${provider}.prisma`);
}

/** Absolute path of the generated client folder for `provider`. */
export function clientDir(provider) {
  return join(prismaDir, "generated", OUTPUT[provider]);
}

/** Writes both derived schemas; returns { provider: path }. */
export function deriveSchemas() {
  const models = readFileSync(join(prismaDir, "models.prisma"), "utf8");
  mkdirSync(join(prismaDir, "generated"), { recursive: true });
  const paths = {};
  for (const provider of PROVIDERS) {
    paths[provider] = schemaPath(provider);
    writeFileSync(paths[provider], schemaFor(provider, models));
  }
  return paths;
}
