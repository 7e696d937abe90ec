/**
 * Metafields on customers and orders: the GraphQL `Metafield` shape, the
 * `metafields(namespace, keys, first…)` connection, and `MetafieldInput`
 * upserts (by id, or by namespace + key as Shopify matches them).
 */
import { type MetafieldInput, type MetafieldRecord } from "../metafields";
import { parseGid, type UserError } from "../core";

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

export { metafieldAccessors, metafieldView as metafieldNode, type MetafieldInput, type MetafieldRecord } from "../metafields";
