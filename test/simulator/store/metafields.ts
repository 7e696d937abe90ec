/**
 * Shopify's `Metafield` as every owner type exposes it (products, variants,
 * collections, locations, customers, orders, pages, blogs, articles): one
 * record shape, one GraphQL view, one pair of `metafield`/`metafields`
 * accessors, so the domains cannot drift apart.
 */
import { createHash } from "node:crypto";
import { connection, gid, type ConnectionArgs, type SimContext } from "./core";

export interface MetafieldRecord {
  id: number;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

/** Shopify's MetafieldInput (owner-embedded form, as productSet/customerSet/pageCreate take it). */
export interface MetafieldInput {
  id?: string | null;
  namespace?: string | null;
  key?: string | null;
  value?: string | null;
  type?: string | null;
}

// Shopify's `jsonValue` parses numeric, boolean and JSON-shaped types; the rest stay strings.
const JSON_SHAPED = new Set(["json", "rating", "weight", "volume", "dimension", "money", "rich_text_field"]);

/** Metafield.jsonValue for a stored string value of `type`. */
export function jsonValueOf(type: string, value: string): unknown {
  if (type === "number_integer" || type === "number_decimal") return Number(value);
  if (type === "boolean") return value === "true";
  if (JSON_SHAPED.has(type) || type.startsWith("list.")) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

/** Opaque digest of a metafield's current value (metafieldsSet compare-and-set). */
export function compareDigest(metafield: MetafieldRecord): string {
  return createHash("sha256").update(`${metafield.id}:${metafield.type}:${metafield.value}`).digest("hex");
}

/** The GraphQL `Metafield` object; `ownerType` is the MetafieldOwnerType enum value (e.g. "PRODUCT"). */
export function metafieldView(record: MetafieldRecord, ownerType: string, owner: () => unknown): Record<string, unknown> {
  return {
    __typename: "Metafield",
    id: gid("Metafield", record.id),
    legacyResourceId: String(record.id),
    namespace: record.namespace,
    key: record.key,
    type: record.type,
    value: record.value,
    jsonValue: jsonValueOf(record.type, record.value),
    compareDigest: compareDigest(record),
    description: null,
    definition: null,
    reference: null,
    references: null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    ownerType,
    owner,
  };
}

/** The `metafield(namespace, key)` and `metafields(namespace, keys, first…)` fields of an owner object. */
export function metafieldAccessors(
  records: readonly MetafieldRecord[],
  ownerType: string,
  owner: () => unknown,
  /** Namespace a `metafield(key:)` without namespace reads: the owner domain's default for writes. */
  defaultNamespace = "custom",
): {
  metafield: (args: Record<string, unknown>) => unknown;
  metafields: (args: Record<string, unknown>, context: SimContext) => unknown;
} {
  return {
    // Without a namespace Shopify reads the app-reserved namespace (as the domain's writes default to).
    metafield: (args) => {
      const namespace = (args.namespace as string | null | undefined) ?? defaultNamespace;
      const found = records.find((m) => m.namespace === namespace && m.key === args.key);
      return found ? metafieldView(found, ownerType, owner) : null;
    },
    metafields: (args, context) => {
      const keys = args.keys as string[] | null | undefined;
      const list = records.filter(
        (m) => (args.namespace == null || m.namespace === args.namespace) && (!keys || keys.includes(`${m.namespace}.${m.key}`)),
      );
      const page = connection(list, args as ConnectionArgs, context, (m) => m.id);
      const nodes = page.nodes.map((m) => metafieldView(m, ownerType, owner));
      return { edges: page.edges.map((edge, i) => ({ cursor: edge.cursor, node: nodes[i] })), nodes, pageInfo: page.pageInfo };
    },
  };
}
