/**
 * Smart collection rule evaluation (shopify.dev CollectionRuleColumn /
 * CollectionRuleRelation): variant columns match when any variant matches;
 * text comparisons are case-insensitive as in the Shopify admin.
 */
import type { CollectionRecord, CollectionRule, ProductRecord } from "./types";

type Value = string | number | null;

function columnValues(product: ProductRecord, column: string, inventory: (variantId: number) => number): Value[] {
  switch (column) {
    case "TAG":
      return product.tags.length ? product.tags : [null];
    case "TITLE":
      return [product.title];
    case "TYPE":
      return [product.productType || null];
    case "VENDOR":
      return [product.vendor || null];
    case "VARIANT_PRICE":
      return product.variants.map((v) => Number(v.price));
    case "VARIANT_COMPARE_AT_PRICE":
      return product.variants.map((v) => (v.compareAtPrice === null ? null : Number(v.compareAtPrice)));
    case "VARIANT_WEIGHT":
      return product.variants.map((v) => v.weightGrams / 1000);
    case "VARIANT_INVENTORY":
      return product.variants.map((v) => inventory(v.id));
    case "VARIANT_TITLE":
      return product.variants.map((v) => v.title);
    case "IS_PRICE_REDUCED":
      return product.variants.map((v) => (v.compareAtPrice !== null && Number(v.compareAtPrice) > Number(v.price) ? "true" : "false"));
    default:
      // Metafield-definition and taxonomy columns need definitions the simulator does not model.
      return [null];
  }
}

function valueMatches(value: Value, rule: CollectionRule): boolean {
  const condition = rule.condition.toLowerCase();
  if (rule.relation === "IS_SET") return value !== null && value !== "";
  if (rule.relation === "IS_NOT_SET") return value === null || value === "";
  if (value === null) return rule.relation === "NOT_EQUALS" || rule.relation === "NOT_CONTAINS";
  if (typeof value === "number") {
    const expected = Number(rule.condition);
    switch (rule.relation) {
      case "GREATER_THAN":
        return value > expected;
      case "LESS_THAN":
        return value < expected;
      case "EQUALS":
        return value === expected;
      case "NOT_EQUALS":
        return value !== expected;
      default:
        return false;
    }
  }
  const text = value.toLowerCase();
  switch (rule.relation) {
    case "EQUALS":
      return text === condition;
    case "NOT_EQUALS":
      return text !== condition;
    case "CONTAINS":
      return text.includes(condition);
    case "NOT_CONTAINS":
      return !text.includes(condition);
    case "STARTS_WITH":
      return text.startsWith(condition);
    case "ENDS_WITH":
      return text.endsWith(condition);
    case "GREATER_THAN":
      return Number(text) > Number(condition);
    case "LESS_THAN":
      return Number(text) < Number(condition);
    default:
      return false;
  }
}

function ruleMatches(product: ProductRecord, rule: CollectionRule, inventory: (variantId: number) => number): boolean {
  const values = columnValues(product, rule.column, inventory);
  // Negative relations on tags must hold for every tag ("does not contain" any tag).
  if (rule.column === "TAG" && (rule.relation === "NOT_EQUALS" || rule.relation === "NOT_CONTAINS")) {
    return values.every((value) => valueMatches(value, rule));
  }
  return values.some((value) => valueMatches(value, rule));
}

/** Whether a product belongs to a smart collection. */
export function matchesRuleSet(
  product: ProductRecord,
  collection: CollectionRecord,
  inventory: (variantId: number) => number,
): boolean {
  const ruleSet = collection.ruleSet;
  if (!ruleSet || ruleSet.rules.length === 0) return false;
  return ruleSet.appliedDisjunctively
    ? ruleSet.rules.some((rule) => ruleMatches(product, rule, inventory))
    : ruleSet.rules.every((rule) => ruleMatches(product, rule, inventory));
}
