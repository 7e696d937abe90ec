/** Metafields attached to content records (pages, blogs, articles). */
import { type MetafieldInput, type MetafieldRecord } from "../metafields";
import { gid, type StoreCore, type UserError } from "../core";

const FIRST_CREATED_METAFIELD_ID = 40_000_000_000;


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

export { jsonValueOf, metafieldAccessors as metafieldFields, type MetafieldInput, type MetafieldRecord } from "../metafields";
