/**
 * What one mutation field costs. Every mutation costs 10 points (shopify.dev
 * "GraphQL Admin API rate limits"), except productSet, whose cost since API
 * 2025-10 is computed from its input (shopify.dev changelog "Dynamic
 * complexity cost for productSet mutation", 2025-10-01,
 * https://shopify.dev/changelog/dynamic-complexity-cost-for-productset-mutation):
 *
 *   10 + variants × 0.2 + variant files × 0.6 + variant metafields × 0.4
 *      + product metafields × 0.4 + product files × 1.9
 *
 * The cost depends on the input only, so the requested and the actual cost are
 * the same figure (nothing is refunded), as for every other mutation here.
 * The extensions report whole points; how Shopify rounds the fractional sum is
 * not documented, so the simulator rounds up (approximate).
 */
/** Shopify charges a mutation field 10 points (the base of the dynamically priced ones). */
export const MUTATION_COST = 10;

/** productSet's documented per-item complexity (changelog above). */
export const PRODUCT_SET_COMPLEXITY = {
  base: 10,
  variant: 0.2,
  variantFile: 0.6,
  variantMetafield: 0.4,
  productMetafield: 0.4,
  productFile: 1.9,
} as const;

type Input = Record<string, unknown>;

function list(value: unknown): Input[] {
  return Array.isArray(value) ? (value.filter((v) => v && typeof v === "object") as Input[]) : [];
}

/** The documented complexity of a productSet `input` (unrounded). */
export function productSetComplexity(input: unknown): number {
  const product = input && typeof input === "object" ? (input as Input) : {};
  const variants = list(product.variants);
  const c = PRODUCT_SET_COMPLEXITY;
  // ProductVariantSetInput.file is a single FileSetInput: a variant counts one file when it has one.
  const variantFiles = variants.filter((v) => v.file != null).length;
  const variantMetafields = variants.reduce((sum, v) => sum + list(v.metafields).length, 0);
  return (
    c.base +
    variants.length * c.variant +
    variantFiles * c.variantFile +
    variantMetafields * c.variantMetafield +
    list(product.metafields).length * c.productMetafield +
    list(product.files).length * c.productFile
  );
}

/** Points for one mutation field; `arg` reads the field's arguments (variables substituted). */
export function mutationFieldCost(name: string, arg: (name: string) => unknown): number {
  if (name === "productSet") return Math.ceil(productSetComplexity(arg("input")) - 1e-9);
  return MUTATION_COST;
}
