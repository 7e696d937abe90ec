/**
 * Metafields on customers and orders: the GraphQL `Metafield` shape, the
 * `metafields(namespace, keys, first…)` connection, and `MetafieldInput`
 * upserts (by id, or by namespace + key as Shopify matches them).
 */
import { createHash } from "node:crypto";
import { connection, gid, parseGid, type ConnectionArgs, type SimContext, type UserError } from "../core";

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

function jsonValue(record: MetafieldRecord): unknown {
  if (record.type.startsWith("list.") || record.type === "json") {
    try {
      return JSON.parse(record.value) as unknown;
    } catch {
      return record.value;
    }
  }
  if (record.type === "number_integer" || record.type === "number_decimal") return Number(record.value);
  if (record.type === "boolean") return record.value === "true";
  return record.value;
}

/** The GraphQL `Metafield` object owned by `owner`. */
export function metafieldNode(record: MetafieldRecord, ownerType: "CUSTOMER" | "ORDER", owner: () => unknown): Record<string, unknown> {
  return {
    __typename: "Metafield",
    id: gid("Metafield", record.id),
    legacyResourceId: String(record.id),
    namespace: record.namespace,
    key: record.key,
    type: record.type,
    value: record.value,
    jsonValue: jsonValue(record),
    description: null,
    definition: null,
    reference: null,
    ownerType,
    owner,
    // Shopify's compareDigest is an opaque digest of the current value (for compare-and-set writes).
    compareDigest: createHash("sha256").update(`${record.id}:${record.updatedAt}:${record.value}`).digest("hex"),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** The `metafield(namespace, key)` and `metafields(…)` methods for an owner object. */
export function metafieldAccessors(
  records: readonly MetafieldRecord[],
  ownerType: "CUSTOMER" | "ORDER",
  owner: () => unknown,
): { metafield: (args: Record<string, unknown>) => unknown; metafields: (args: Record<string, unknown>, ctx: SimContext) => unknown } {
  return {
    // A missing namespace means the app-reserved namespace in Shopify; the simulator treats it as "custom".
    metafield: (args) => {
      const namespace = (args.namespace as string | undefined) ?? "custom";
      const found = records.find((r) => r.namespace === namespace && r.key === args.key);
      return found ? metafieldNode(found, ownerType, owner) : null;
    },
    metafields: (args, ctx) => {
      const keys = args.keys as string[] | null | undefined;
      const list = records.filter(
        (r) =>
          (!args.namespace || r.namespace === args.namespace) && (!keys || keys.includes(`${r.namespace}.${r.key}`)),
      );
      return connection(
        list.map((r) => metafieldNode(r, ownerType, owner)),
        args as ConnectionArgs,
        ctx,
        (node) => String(node.id),
      );
    },
  };
}

/**
 * Applies `MetafieldInput`s to a copy of `current` (upsert; nothing deleted).
 * Returns userErrors instead of a result when any input is bad, so callers
 * can avoid partial writes.
 */
export function applyMetafieldInputs(
  current: readonly MetafieldRecord[],
  inputs: readonly MetafieldInput[],
  fieldPath: string[],
  allocate: () => number,
  now: string,
): { records: MetafieldRecord[]; errors: UserError[] } {
  const records = current.map((r) => ({ ...r }));
  const errors: UserError[] = [];
  inputs.forEach((input, index) => {
    const path = [...fieldPath, String(index)];
    let existing: MetafieldRecord | undefined;
    if (input.id) {
      const parsed = parseGid(input.id);
      existing = records.find((r) => parsed && String(r.id) === parsed.id);
      if (!existing) {
        errors.push({ field: [...path, "id"], message: "Metafield does not exist" });
        return;
      }
    } else {
      existing = records.find((r) => r.namespace === (input.namespace ?? "custom") && r.key === input.key);
    }
    if (input.value == null) {
      errors.push({ field: [...path, "value"], message: "Value can't be blank" });
      return;
    }
    if (existing) {
      existing.value = input.value;
      if (input.type) existing.type = input.type;
      existing.updatedAt = now;
      return;
    }
    if (!input.key) {
      errors.push({ field: [...path, "key"], message: "Key can't be blank" });
      return;
    }
    if (!input.type) {
      // Shopify requires the type when a metafield is created without a definition.
      errors.push({ field: [...path, "type"], message: "Type can't be blank" });
      return;
    }
    records.push({
      id: allocate(),
      namespace: input.namespace ?? "custom",
      key: input.key,
      type: input.type,
      value: input.value,
      createdAt: now,
      updatedAt: now,
    });
  });
  return { records, errors };
}
