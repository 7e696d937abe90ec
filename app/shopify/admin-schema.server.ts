/**
 * Shopify's Admin API schema, one loader for the app (restore drills validate
 * the inputs a restore would send) and the simulator and tests (every
 * document is validated against it): the published 2025-01 introspection
 * shipped in @shopify/dev-mcp@1.1.0 (a runtime dependency for this file),
 * extended by `schema/delta/*.graphql` with the few later fields Snapshelf
 * uses, each citing its changelog entry. Should the package be missing,
 * callers get `unavailable` with the reason instead of an exception.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, extendSchema, Kind, parse, type DocumentNode, type GraphQLSchema, type IntrospectionQuery } from "graphql";

export type AdminSchemaResult = { schema: GraphQLSchema; unavailable?: undefined } | { schema?: undefined; unavailable: string };

let cached: AdminSchemaResult | undefined;

/**
 * Where the delta SDL lives: app/shopify/schema/delta beside this module in
 * source; once bundled (build/server/), the nearest such folder above the
 * bundle, else under the working directory (the server runs from the
 * project root).
 */
function deltaDir(): string | undefined {
  const relative = "app/shopify/schema/delta/";
  const here = join(dirname(fileURLToPath(import.meta.url)), "schema/delta/");
  if (existsSync(here)) return here;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up++, dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
  }
  const fromCwd = join(process.cwd(), relative);
  return existsSync(fromCwd) ? fromCwd : undefined;
}

const resolveDevMcp = () => createRequire(import.meta.url).resolve("@shopify/dev-mcp/package.json");

/** The Admin schema (once per process), or why it cannot be loaded here. */
export function loadAppAdminSchema(): AdminSchemaResult {
  if (cached) return cached;
  const result = loadAdminSchemaFrom(resolveDevMcp);
  // Unavailable is not cached: a later deploy step may still install the package.
  if (result.schema) cached = result;
  return result;
}

/** Loads the schema with the given package resolver (tests pass one that fails, as a production install would). */
export function loadAdminSchemaFrom(resolvePackageJson: () => string): AdminSchemaResult {
  let introspection: { data: IntrospectionQuery };
  try {
    const gz = readFileSync(new URL("data/admin_schema_2025-01.json.gz", `file://${resolvePackageJson()}`));
    introspection = JSON.parse(gunzipSync(gz).toString("utf8")) as { data: IntrospectionQuery };
  } catch (error) {
    return { unavailable: `the Admin schema package @shopify/dev-mcp is not installed (${(error as Error).message.split("\n")[0]})` };
  }
  const dir = deltaDir();
  if (!dir) return { unavailable: "the Admin schema delta (app/shopify/schema/delta) is not deployed with the app" };
  const sdl = readdirSync(dir)
    .filter((name) => name.endsWith(".graphql"))
    .sort()
    .map((name) => readFileSync(join(dir, name), "utf8"))
    .join("\n");
  // graphql-js cannot parse a document of comments only.
  if (!/^[^#\s]/m.test(sdl)) return { schema: buildClientSchema(introspection.data) };
  const delta = parse(sdl, { noLocation: true });
  dropRedefinedFields(introspection.data, delta);
  return { schema: extendSchema(buildClientSchema(introspection.data), delta) };
}

/**
 * A later API version may add an argument to an existing field; SDL cannot
 * extend a field's arguments, so a delta `extend type` that redeclares a
 * field replaces it (same rule as the simulator's loader).
 */
function dropRedefinedFields(introspection: IntrospectionQuery, delta: DocumentNode): void {
  const redefined = new Map<string, Set<string>>();
  for (const definition of delta.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const names = redefined.get(definition.name.value) ?? new Set<string>();
    for (const field of definition.fields ?? []) names.add(field.name.value);
    redefined.set(definition.name.value, names);
  }
  for (const type of introspection.__schema.types) {
    const names = redefined.get(type.name);
    if (!names || type.kind !== "OBJECT") continue;
    (type as { fields: readonly { name: string }[] }).fields = type.fields.filter((field) => !names.has(field.name));
  }
}
