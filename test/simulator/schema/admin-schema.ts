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
  const base = buildClientSchema(introspection.data);
  // One delta file per area (delta/*.graphql) so additions stay reviewable.
  const deltaDir = fileURLToPath(new URL("./delta/", import.meta.url));
  const sdl = readdirSync(deltaDir)
    .filter((name) => name.endsWith(".graphql"))
    .sort()
    .map((name) => readFileSync(`${deltaDir}${name}`, "utf8"))
    .join("\n");
  // graphql-js cannot parse a document of comments only.
  const hasDefinitions = /^[^#\s]/m.test(sdl);
  cached = hasDefinitions ? extendSchema(base, parse(sdl, { noLocation: true })) : base;
  return cached;
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
