/** Metafields attached to content records (pages, blogs, articles). */
import { createHash } from "node:crypto";
import { connection, gid, type ConnectionArgs, type SimContext, type StoreCore, type UserError } from "../core";

export interface MetafieldRecord {
  id: number;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export interface MetafieldInput {
  id?: string | null;
  namespace?: string | null;
  key?: string | null;
  value?: string | null;
  type?: string | null;
}

const FIRST_CREATED_METAFIELD_ID = 40_000_000_000;

/** Metafield.jsonValue: numbers, booleans and JSON-typed values are parsed, the rest stay strings. */
export function jsonValueOf(type: string, value: string): unknown {
  if (type === "number_integer" || type === "number_decimal") return Number(value);
  if (type === "boolean") return value === "true";
  if (type === "json" || type.startsWith("list.") || ["rating", "weight", "volume", "dimension", "money", "rich_text_field"].includes(type)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

/** The GraphQL Metafield object. */
export function metafieldView(record: MetafieldRecord, ownerType: string, owner: () => unknown) {
  return {
    __typename: "Metafield",
    id: gid("Metafield", record.id),
    legacyResourceId: String(record.id),
    namespace: record.namespace,
    key: record.key,
    type: record.type,
    value: record.value,
    jsonValue: jsonValueOf(record.type, record.value),
    // Shopify's compareDigest is an opaque digest of the value, used for compare-and-set writes.
    compareDigest: createHash("sha256").update(record.value).digest("hex"),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    ownerType,
    owner,
    definition: null,
    description: null,
    reference: null,
    references: null,
  };
}

/** `metafield(namespace:, key:)` and `metafields(...)` fields for an owner view. */
export function metafieldFields(records: readonly MetafieldRecord[], ownerType: string, owner: () => unknown) {
  const view = (record: MetafieldRecord) => metafieldView(record, ownerType, owner);
  return {
    metafield: (args: { namespace?: string | null; key: string }) => {
      // Without a namespace Shopify looks in the app-reserved namespace; the simulator uses "custom".
      const namespace = args.namespace ?? "custom";
      const found = records.find((m) => m.namespace === namespace && m.key === args.key);
      return found ? view(found) : null;
    },
    metafields: (args: ConnectionArgs & { namespace?: string | null; keys?: string[] | null }, context: SimContext) => {
      const list = records.filter(
        (m) =>
          (!args.namespace || m.namespace === args.namespace) &&
          (!args.keys || args.keys.includes(`${m.namespace}.${m.key}`)),
      );
      return connection(list.map(view), args, context, (m) => m.id);
    },
  };
}

/**
 * Applies `metafields: [MetafieldInput]` the way resource mutations do:
 * upsert by id or by namespace+key; a new metafield needs a type and value.
 * Returns the new list or userErrors (and then nothing is written).
 */
export function applyMetafieldInputs(
  core: StoreCore,
  existing: readonly MetafieldRecord[],
  inputs: readonly MetafieldInput[] | null | undefined,
  fieldPrefix: string[],
  now: string,
): { records: MetafieldRecord[]; errors: UserError[] } {
  const records = existing.slice();
  const errors: UserError[] = [];
  (inputs ?? []).forEach((input, index) => {
    const field = [...fieldPrefix, "metafields", String(index)];
    const byId = input.id ? records.findIndex((m) => gid("Metafield", m.id) === input.id) : -1;
    const namespace = input.namespace ?? "custom";
    const byKey = input.key ? records.findIndex((m) => m.namespace === namespace && m.key === input.key) : -1;
    const at = byId >= 0 ? byId : byKey;
    if (input.id && byId < 0) {
      errors.push({ field: [...field, "id"], message: "Metafield does not exist", code: "INVALID_VALUE" });
      return;
    }
    if (input.value == null || input.value === "") {
      errors.push({ field: [...field, "value"], message: "Value can't be blank", code: "INVALID_VALUE" });
      return;
    }
    if (at >= 0) {
      const current = records[at];
      if (input.type && input.type !== current.type) {
        errors.push({ field: [...field, "type"], message: "Type can't be changed", code: "INVALID_TYPE" });
        return;
      }
      records[at] = { ...current, value: input.value, updatedAt: now };
      return;
    }
    if (!input.key || input.key.length < 2) {
      errors.push({ field: [...field, "key"], message: "Key is too short (minimum is 2 characters)", code: "INVALID_VALUE" });
      return;
    }
    if (!input.type) {
      errors.push({ field: [...field, "type"], message: "Type can't be blank", code: "INVALID_TYPE" });
      return;
    }
    records.push({
      id: core.allocateId("Metafield", FIRST_CREATED_METAFIELD_ID),
      namespace,
      key: input.key,
      type: input.type,
      value: input.value,
      createdAt: now,
      updatedAt: now,
    });
  });
  return { records, errors };
}

/** Seeded SEO metafields, which the Online Store stores as global.title_tag / description_tag. */
export function seoMetafields(ownerId: number, description: string | null, at: string): MetafieldRecord[] {
  if (!description) return [];
  // Seeded metafield ids derive from the owner's id so they are stable and unique across content types.
  return [{ id: 30_000_000_000 + (ownerId % 1_000_000_000) * 4, namespace: "global", key: "description_tag", type: "single_line_text_field", value: description, createdAt: at, updatedAt: at }];
}
