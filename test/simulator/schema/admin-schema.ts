/**
 * Shopify's real Admin API schema: the published 2025-01 introspection that
 * ships in @shopify/dev-mcp@1.1.0, extended by `delta/*.graphql` with the few
 * later fields Snapshelf uses (each line there cites its changelog entry).
 * The simulator rejects any document that does not validate against it, and
 * the app's own documents are validated against it in tests.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  extendSchema,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";

/** The newest API version the delta brings the schema up to. */
export const SIMULATED_API_VERSION = "2026-10";

let cached: GraphQLSchema | undefined;

/** Loads (once per process) the Admin schema with the delta applied. */
export function loadAdminSchema(): GraphQLSchema {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve("@shopify/dev-mcp/package.json");
  const gz = readFileSync(new URL("data/admin_schema_2025-01.json.gz", `file://${packageJson}`));
  const introspection = JSON.parse(gunzipSync(gz).toString("utf8")) as { data: IntrospectionQuery };
  // One delta file per area (delta/*.graphql) so additions stay reviewable.
  const deltaDir = fileURLToPath(new URL("./delta/", import.meta.url));
  const sdl = readdirSync(deltaDir)
    .filter((name) => name.endsWith(".graphql"))
    .sort()
    .map((name) => readFileSync(`${deltaDir}${name}`, "utf8"))
    .join("\n");
  // graphql-js cannot parse a document of comments only.
  const hasDefinitions = /^[^#\s]/m.test(sdl);
  if (!hasDefinitions) return (cached = buildClientSchema(introspection.data));
  const delta = parse(sdl, { noLocation: true });
  dropRedefinedFields(introspection.data, delta);
  cached = extendSchema(buildClientSchema(introspection.data), delta);
  return cached;
}

/**
 * A later API version may add an argument to an existing field (e.g.
 * `bulkOperationRunQuery(groupObjects:)`, 2025-07). SDL cannot extend a
 * field's arguments, so a delta `extend type` that redeclares an existing
 * field replaces it: the 2025-01 definition is dropped before extending.
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

/** Parses and validates a document; returns the errors Shopify would report. */
export function validateAdminDocument(
  source: string,
): { document: DocumentNode; errors: readonly GraphQLError[] } | { document?: undefined; errors: readonly GraphQLError[] } {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    return { errors: [error as GraphQLError] };
  }
  return { document, errors: validate(loadAdminSchema(), document) };
}
