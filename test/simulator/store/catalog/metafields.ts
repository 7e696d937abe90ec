/** Metafield input validation shared by productSet, collection mutations and metafieldsSet. */
import type { MetafieldRecord } from "./types";

const SCALAR_TYPES = new Set([
  "single_line_text_field", "multi_line_text_field", "rich_text_field", "number_integer", "number_decimal",
  "boolean", "json", "date", "date_time", "url", "color", "rating", "weight", "dimension", "volume", "money",
  "product_reference", "variant_reference", "collection_reference", "file_reference", "page_reference",
  "metaobject_reference", "mixed_reference", "customer_reference", "company_reference", "link", "id",
]);

/** Why `value` is not a valid `type` metafield value (Shopify's type validation), or null. */
export function metafieldValueError(type: string, value: string): string | null {
  const listOf = type.startsWith("list.") ? type.slice(5) : null;
  if (!SCALAR_TYPES.has(listOf ?? type)) return `Type '${type}' is not a valid metafield type.`;
  if (listOf) {
    try {
      const items = JSON.parse(value) as unknown;
      if (!Array.isArray(items)) return "Value must be a JSON array.";
      for (const item of items) {
        const error = metafieldValueError(listOf, typeof item === "string" ? item : JSON.stringify(item));
        if (error) return error;
      }
      return null;
    } catch {
      return "Value must be a JSON array.";
    }
  }
  switch (type) {
    case "number_integer":
      return /^-?\d+$/.test(value) ? null : "Value must be an integer.";
    case "number_decimal":
      return /^-?\d+(\.\d+)?$/.test(value) ? null : "Value must be a decimal number.";
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? null : "Value must be in YYYY-MM-DD format.";
    case "date_time":
      return Number.isNaN(Date.parse(value)) ? "Value must be an ISO 8601 date and time." : null;
    case "url":
      return /^(https?|mailto|sms|tel):/.test(value) ? null : "Value must be a URL with an allowed scheme.";
    case "color":
      return /^#[0-9a-fA-F]{6}$/.test(value) ? null : "Value must be a hex color code.";
    case "json":
    case "rating":
    case "weight":
    case "dimension":
    case "volume":
    case "money":
    case "rich_text_field":
    case "link":
      try {
        JSON.parse(value);
        return null;
      } catch {
        return "Value must be valid JSON.";
      }
    default:
      if (type.endsWith("_reference")) return /^gid:\/\/shopify\/\w+\/\d+/.test(value) ? null : "Value must be a global ID.";
      return value.length > 0 || type === "multi_line_text_field" ? null : "Value can't be blank.";
  }
}

export interface MetafieldInputLike {
  id?: string | null;
  namespace?: string | null;
  key?: string | null;
  value?: string | null;
  type?: string | null;
}

/**
 * Builds the replacement list for a productSet-style `metafields` input:
 * entries keep their id/createdAt when (namespace, key) already exists;
 * entries not listed are dropped (list-field replace semantics).
 */
export function replaceMetafields(
  existing: MetafieldRecord[],
  inputs: MetafieldInputLike[],
  defaultNamespace: string,
  now: string,
  allocate: () => number,
): { list: MetafieldRecord[]; errors: { index: number; field: string; message: string }[] } {
  const errors: { index: number; field: string; message: string }[] = [];
  const list: MetafieldRecord[] = [];
  inputs.forEach((input, index) => {
    const namespace = input.namespace ?? defaultNamespace;
    const previous = existing.find((m) => m.namespace === namespace && m.key === input.key);
    const type = input.type ?? previous?.type;
    if (!input.key) return errors.push({ index, field: "key", message: "Key can't be blank." });
    if (!type) return errors.push({ index, field: "type", message: "Type can't be blank." });
    if (input.value == null) return errors.push({ index, field: "value", message: "Value can't be blank." });
    if (previous && input.type && previous.type !== input.type) {
      return errors.push({ index, field: "type", message: `Type must be '${previous.type}' to match the existing metafield.` });
    }
    const problem = metafieldValueError(type, input.value);
    if (problem) return errors.push({ index, field: "value", message: problem });
    if (list.some((m) => m.namespace === namespace && m.key === input.key)) {
      return errors.push({ index, field: "key", message: "Key is listed twice." });
    }
    const changed = !previous || previous.value !== input.value;
    list.push({
      id: previous?.id ?? allocate(),
      namespace,
      key: input.key,
      type,
      value: input.value,
      createdAt: previous?.createdAt ?? now,
      updatedAt: changed ? now : (previous?.updatedAt ?? now),
    });
  });
  return { list, errors };
}
