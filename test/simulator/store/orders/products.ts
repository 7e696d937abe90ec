/**
 * What a seeded order's line item bought. Seeded orders must be the same
 * every time they are generated, whatever happened to the catalog since, so
 * this reads the catalog's *seeded* product (its pure generator) rather than
 * `getProductSummary(i)`, whose index follows the live product list and
 * shifts when products are created or deleted. A bounded cache keeps bulk
 * reads of 500k orders cheap (popular products repeat).
 */
import type { StoreCore } from "../core";
import { generateProduct, seededProductHandle } from "../catalog/generate";

export interface LineSource {
  productId: number | null;
  variantId: number | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  unitCents: number;
  vendor: string | null;
  requiresShipping: boolean;
  taxable: boolean;
}

interface ProductLite {
  id: number;
  title: string;
  vendor: string;
  variants: { id: number; title: string; sku: string | null; price: string; requiresShipping: boolean; taxable: boolean }[];
}

const FALLBACK_TITLES = ["Gift Card", "Hand-thrown Stoneware Mug", "Linen Apron", "Beeswax Candle", "Canvas Tote"];
const CACHE_LIMIT = 16_384;

export class SeededProducts {
  private readonly cache = new Map<number, ProductLite>();

  constructor(private readonly core: StoreCore) {}

  get count(): number {
    return this.core.preset.products;
  }

  private product(index: number): ProductLite {
    const hit = this.cache.get(index);
    if (hit) return hit;
    const record = generateProduct(this.core, index, seededProductHandle(this.core, index));
    const lite: ProductLite = {
      id: record.id,
      title: record.title,
      vendor: record.vendor,
      variants: record.variants.map((v) => ({
        id: v.id,
        title: v.title,
        sku: v.sku,
        price: v.price,
        requiresShipping: v.requiresShipping,
        taxable: v.taxable,
      })),
    };
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as number);
    this.cache.set(index, lite);
    return lite;
  }

  /** Line source for a draw `u` in [0, 1) (skewed to low indexes: a few best-sellers dominate sales). */
  pick(u: number, variantDraw: number, fallbackDraw: number): LineSource {
    if (this.count === 0) {
      // No catalog: a custom line item, as orders for deleted or ad-hoc items look.
      return {
        productId: null,
        variantId: null,
        title: FALLBACK_TITLES[Math.floor(fallbackDraw * FALLBACK_TITLES.length)],
        variantTitle: null,
        sku: null,
        unitCents: 1500 + Math.floor(fallbackDraw * 6000),
        vendor: null,
        requiresShipping: true,
        taxable: true,
      };
    }
    const index = Math.min(this.count - 1, Math.floor(this.count * u * u * u));
    const product = this.product(index);
    const variant = product.variants[Math.floor(variantDraw * product.variants.length)] ?? product.variants[0];
    return {
      productId: product.id,
      variantId: variant?.id ?? null,
      title: product.title,
      variantTitle: variant && variant.title !== "Default Title" ? variant.title : null,
      sku: variant?.sku || null,
      unitCents: Math.round(Number(variant?.price ?? "0") * 100),
      vendor: product.vendor,
      requiresShipping: variant?.requiresShipping ?? true,
      taxable: variant?.taxable ?? true,
    };
  }
}
