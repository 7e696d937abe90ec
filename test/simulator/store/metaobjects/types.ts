/**
 * Shopify's metafield/metaobject field types (shopify.dev "Metafield data
 * types") and the value checks Shopify applies when a value is written.
 */
export interface FieldType {
  name: string;
  category: string;
  valueType: "STRING" | "INTEGER" | "JSON_STRING" | "BOOLEAN";
  validations: string[];
}

const BASE_TYPES: FieldType[] = [
  { name: "single_line_text_field", category: "TEXT", valueType: "STRING", validations: ["min", "max", "regex", "choices"] },
  { name: "multi_line_text_field", category: "TEXT", valueType: "STRING", validations: ["min", "max", "regex"] },
  { name: "rich_text_field", category: "TEXT", valueType: "JSON_STRING", validations: [] },
  { name: "number_integer", category: "NUMBER", valueType: "INTEGER", validations: ["min", "max"] },
  { name: "number_decimal", category: "NUMBER", valueType: "STRING", validations: ["min", "max", "max_precision"] },
  { name: "boolean", category: "TRUE_FALSE", valueType: "BOOLEAN", validations: [] },
  { name: "date", category: "DATE_TIME", valueType: "STRING", validations: ["min", "max"] },
  { name: "date_time", category: "DATE_TIME", valueType: "STRING", validations: ["min", "max"] },
  { name: "url", category: "URL", valueType: "STRING", validations: ["allowed_domains"] },
  { name: "color", category: "COLOR", valueType: "STRING", validations: [] },
  { name: "json", category: "JSON", valueType: "JSON_STRING", validations: ["schema"] },
  { name: "rating", category: "RATING", valueType: "JSON_STRING", validations: ["scale_min", "scale_max"] },
  { name: "weight", category: "MEASUREMENT", valueType: "JSON_STRING", validations: ["min", "max"] },
  { name: "volume", category: "MEASUREMENT", valueType: "JSON_STRING", validations: ["min", "max"] },
  { name: "dimension", category: "MEASUREMENT", valueType: "JSON_STRING", validations: ["min", "max"] },
  { name: "money", category: "MONEY", valueType: "JSON_STRING", validations: [] },
  { name: "product_reference", category: "REFERENCE", valueType: "STRING", validations: [] },
  { name: "variant_reference", category: "REFERENCE", valueType: "STRING", validations: [] },
  { name: "collection_reference", category: "REFERENCE", valueType: "STRING", validations: [] },
  { name: "page_reference", category: "REFERENCE", valueType: "STRING", validations: [] },
  { name: "file_reference", category: "REFERENCE", valueType: "STRING", validations: ["file_type_options"] },
  { name: "metaobject_reference", category: "REFERENCE", valueType: "STRING", validations: ["metaobject_definition_id"] },
  { name: "customer_reference", category: "REFERENCE", valueType: "STRING", validations: [] },
];

const LISTABLE = new Set(BASE_TYPES.map((t) => t.name).filter((n) => !["rich_text_field", "json", "money", "boolean", "multi_line_text_field"].includes(n)));

/** Every type name Shopify accepts (including list.* variants). */
export const FIELD_TYPES: ReadonlyMap<string, FieldType> = new Map(
  [
    ...BASE_TYPES,
    ...BASE_TYPES.filter((t) => LISTABLE.has(t.name)).map((t) => ({ ...t, name: `list.${t.name}`, valueType: "JSON_STRING" as const, validations: [...t.validations, "list.min", "list.max"] })),
  ].map((t) => [t.name, t]),
);

/** The GraphQL MetafieldDefinitionType object. */
export function fieldTypeView(name: string) {
  const type = FIELD_TYPES.get(name);
  return {
    __typename: "MetafieldDefinitionType",
    name,
    category: type?.category ?? "TEXT",
    valueType: type?.valueType ?? "STRING",
    supportsDefinitionMigrations: true,
    supportedValidations: (type?.validations ?? []).map((v) => ({ name: v, type: v === "choices" || v === "allowed_domains" ? "list.single_line_text_field" : "single_line_text_field" })),
  };
}

const REFERENCE_GID_TYPE: Record<string, string> = {
  product_reference: "Product",
  variant_reference: "ProductVariant",
  collection_reference: "Collection",
  page_reference: "Page",
  metaobject_reference: "Metaobject",
  customer_reference: "Customer",
};

/**
 * Checks `value` against `type` and the definition's validations. Returns
 * Shopify's message for the first problem, or null when the value is valid.
 * `metaobjectExists` lets metaobject references be checked for existence.
 */
export function checkValue(
  type: string,
  value: string,
  validations: readonly { name: string; value: string | null }[],
  metaobjectExists: (gid: string) => boolean,
): string | null {
  if (type.startsWith("list.")) {
    let items: unknown;
    try {
      items = JSON.parse(value);
    } catch {
      return "Value must be a JSON array.";
    }
    if (!Array.isArray(items)) return "Value must be a JSON array.";
    for (const item of items) {
      const inner = checkValue(type.slice(5), typeof item === "string" ? item : JSON.stringify(item), validations, metaobjectExists);
      if (inner) return inner;
    }
    return null;
  }
  const rule = (name: string) => validations.find((v) => v.name === name)?.value ?? null;
  switch (type) {
    case "single_line_text_field": {
      if (/[\r\n]/.test(value)) return "Value must be a single line of text.";
      const choices = rule("choices");
      if (choices && !(JSON.parse(choices) as string[]).includes(value)) return "Value does not exist in provided choices.";
      return checkLength(value, rule("min"), rule("max"));
    }
    case "multi_line_text_field":
      return checkLength(value, rule("min"), rule("max"));
    case "rich_text_field":
      return parseJson(value, (v) => typeof v === "object" && v !== null && (v as { type?: string }).type === "root") ? null : "Value must be a rich text JSON document with a root node.";
    case "number_integer":
      if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) return "Value must be an integer.";
      return checkRange(Number(value), rule("min"), rule("max"));
    case "number_decimal":
      if (!/^-?\d+(\.\d+)?$/.test(value)) return "Value must be a decimal.";
      return checkRange(Number(value), rule("min"), rule("max"));
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? null : "Value must be in YYYY-MM-DD format.";
    case "date_time":
      return /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)) ? null : "Value must be in ISO 8601 date and time format.";
    case "url":
      return /^(https?:\/\/[^\s]+|mailto:[^\s]+|sms:[^\s]+|tel:[^\s]+|\/[^\s]*)$/.test(value) ? null : "Value must be a valid URL (http, https, mailto, sms, tel).";
    case "color":
      return /^#[0-9a-fA-F]{6}$/.test(value) ? null : "Value must be a hex color code (#RRGGBB).";
    case "json":
      return parseJson(value, () => true) ? null : "Value must be valid JSON.";
    case "rating":
      return parseJson(value, (v) => isObject(v) && ["value", "scale_min", "scale_max"].every((k) => typeof v[k] === "string" && /^-?\d+(\.\d+)?$/.test(v[k] as string)))
        ? null
        : 'Value must be a JSON object with "value", "scale_min" and "scale_max".';
    case "weight":
    case "volume":
    case "dimension":
      return parseJson(value, (v) => isObject(v) && typeof v.value === "number" && typeof v.unit === "string") ? null : 'Value must be a JSON object with a numeric "value" and a "unit".';
    case "money":
      return parseJson(value, (v) => isObject(v) && typeof v.amount === "string" && typeof v.currency_code === "string") ? null : 'Value must be a JSON object with "amount" and "currency_code".';
    case "file_reference":
      return /^gid:\/\/shopify\/(MediaImage|GenericFile|Video)\/\d+$/.test(value) ? null : "Value must be a file reference GID.";
    default: {
      const gidType = REFERENCE_GID_TYPE[type];
      if (!gidType) return null;
      if (!new RegExp(`^gid://shopify/${gidType}/\\d+$`).test(value)) return `Value must be a ${gidType} GID.`;
      // Metaobject references are checked for existence here; other resources live in other domains.
      if (type === "metaobject_reference" && !metaobjectExists(value)) return "Value references a metaobject that does not exist.";
      return null;
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseJson(value: string, accept: (parsed: unknown) => boolean): boolean {
  try {
    return accept(JSON.parse(value));
  } catch {
    return false;
  }
}

function checkLength(value: string, min: string | null, max: string | null): string | null {
  if (min && value.length < Number(min)) return `Value must be at least ${min} characters.`;
  if (max && value.length > Number(max)) return `Value must be at most ${max} characters.`;
  return null;
}

function checkRange(value: number, min: string | null, max: string | null): string | null {
  if (min && value < Number(min)) return `Value must be greater than or equal to ${min}.`;
  if (max && value > Number(max)) return `Value must be less than or equal to ${max}.`;
  return null;
}
