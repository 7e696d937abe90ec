/**
 * Shopify's documented cost of the mutations whose price depends on their
 * input. Flat mutations cost 10 points per field (shopify.dev "GraphQL Admin
 * API rate limits"). productSet, since API 2025-10, costs 10 + 0.2 per
 * variant + 0.6 per variant file + 0.4 per variant metafield + 0.4 per
 * product metafield + 1.9 per product file
 * (https://shopify.dev/changelog/dynamic-complexity-cost-for-productset-mutation).
 * How Shopify rounds the fractional sum is not documented; callers that
 * admit requests against the bucket round up, which errs safe.
 */

/** Points a mutation field costs when its price does not depend on its input. */
export const MUTATION_FIELD_COST = 10;

/** productSet's documented per-item complexity on top of the base (API 2025-10+). */
export const PRODUCT_SET_COST = { base: MUTATION_FIELD_COST, variant: 0.2, variantFile: 0.6, variantMetafield: 0.4, productMetafield: 0.4, productFile: 1.9 } as const;

/** What one productSet carries (counts per request, or averages per product). */
export interface ProductShape {
  variants: number;
  variantFiles: number;
  variantMetafields: number;
  productMetafields: number;
  productFiles: number;
}

/** Documented cost of a productSet carrying `shape`. */
export function productSetCost(shape: ProductShape): number {
  const c = PRODUCT_SET_COST;
  return c.base + shape.variants * c.variant + shape.variantFiles * c.variantFile + shape.variantMetafields * c.variantMetafield + shape.productMetafields * c.productMetafield + shape.productFiles * c.productFile;
}

/** The shape of one ProductSetInput. */
export function shapeOfProductSetInput(input: Record<string, unknown>): ProductShape {
  const list = (value: unknown) => (Array.isArray(value) ? (value as Record<string, unknown>[]) : []);
  const variants = list(input.variants);
  return {
    variants: variants.length,
    variantFiles: variants.filter((v) => v.file != null).length,
    variantMetafields: variants.reduce((sum, v) => sum + list(v.metafields).length, 0),
    productMetafields: list(input.metafields).length,
    productFiles: list(input.files).length,
  };
}
