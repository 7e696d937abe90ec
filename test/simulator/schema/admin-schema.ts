/**
 * Shopify's real Admin API schema for the simulator and the tests: the one
 * loader in app/shopify/admin-schema.server.ts (the published 2025-01
 * introspection plus the cited delta in app/shopify/schema/delta/). The
 * simulator rejects any document that does not validate against it, and the
 * app's own documents are validated against it in tests.
 */
import { parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from "graphql";
import { loadAppAdminSchema } from "../../../app/shopify/admin-schema.server";

/** The newest API version the delta brings the schema up to. */
export const SIMULATED_API_VERSION = "2026-10";

/** The Admin schema with the delta applied (once per process); the simulator cannot run without it. */
export function loadAdminSchema(): GraphQLSchema {
  const loaded = loadAppAdminSchema();
  if (!loaded.schema) throw new Error(`Admin schema unavailable: ${loaded.unavailable}`);
  return loaded.schema;
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
