/**
 * Shared rules that make a record canonical whatever path fetched it: a bulk
 * result (children joined into arrays by the runner) and a paged / by-GID
 * answer (`{edges: [{node}]}`) normalise to the same value.
 */
import { IntegrityError } from "~/errors";

export type JsonObject = Record<string, unknown>;

/** Fields that say how the record was fetched, never what it is. */
const TRANSPORT_FIELDS = new Set(["__parentId", "__typename", "pageInfo", "cursor"]);

/** Thrown when a paged answer holds only the first page of a nested connection. */
export class TruncatedConnectionError extends IntegrityError {}

function isConnection(value: JsonObject): boolean {
  return Array.isArray(value.edges) || (Array.isArray(value.nodes) && "pageInfo" in value);
}

function connectionNodes(value: JsonObject, field: string, owner: unknown): unknown[] {
  const pageInfo = value.pageInfo as { hasNextPage?: boolean } | undefined;
  if (pageInfo?.hasNextPage) {
    // Never store a silently shortened list: restore would delete the missing children.
    throw new TruncatedConnectionError(`Nested connection "${field}" has more pages than one request returns`, { field, owner });
  }
  if (Array.isArray(value.nodes)) return value.nodes as unknown[];
  return (value.edges as { node: unknown }[]).map((edge) => edge.node);
}

/** Connections become plain arrays, transport fields go; everything else is kept as Shopify returned it. */
export function plain(value: unknown, field = "", owner?: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => plain(item, field, owner));
  if (value === null || typeof value !== "object") return value;
  const object = value as JsonObject;
  if (isConnection(object)) return connectionNodes(object, field, owner).map((node) => plain(node, field, owner));
  const out: JsonObject = {};
  const id = object.id ?? owner;
  for (const [key, inner] of Object.entries(object)) {
    if (TRANSPORT_FIELDS.has(key) || inner === undefined) continue;
    out[key] = plain(inner, key, id);
  }
  return out;
}

/** Deterministic order for GIDs and other strings (plain code-unit order). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts an array of objects by `id` (children whose order carries no meaning). */
export function sortById<T>(list: unknown): T[] {
  if (!Array.isArray(list)) return [];
  return [...(list as JsonObject[])].sort((a, b) => compareStrings(String(a.id ?? ""), String(b.id ?? ""))) as T[];
}

/** Sorts by a numeric position, then id (children whose order is meaningful and numbered). */
export function sortByPosition<T>(list: unknown, field = "position"): T[] {
  if (!Array.isArray(list)) return [];
  return [...(list as JsonObject[])].sort(
    (a, b) => Number(a[field] ?? 0) - Number(b[field] ?? 0) || compareStrings(String(a.id ?? ""), String(b.id ?? "")),
  ) as T[];
}

/** Metafields by (namespace, key): the identity restore writes them under. */
export function sortMetafields(list: unknown): JsonObject[] {
  if (!Array.isArray(list)) return [];
  return [...(list as JsonObject[])].sort((a, b) =>
    compareStrings(`${String(a.namespace)}\u0000${String(a.key)}`, `${String(b.namespace)}\u0000${String(b.key)}`),
  );
}

/** Drops the listed fields from an object (copy). */
export function omit(object: JsonObject, fields: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) if (!fields.includes(key)) out[key] = value;
  return out;
}

/** The GID inside `{id}` references, or null. */
export function refId(value: unknown): string | null {
  return value && typeof value === "object" && typeof (value as JsonObject).id === "string" ? ((value as JsonObject).id as string) : null;
}
