/** Plain data records of the catalog domain; GraphQL views are built from them on read. */

export type ProductStatus = "ACTIVE" | "DRAFT" | "ARCHIVED";

import type { MetafieldRecord } from "../metafields";

export type { MetafieldRecord };

export interface OptionValueRecord {
  id: number;
  name: string;
}

export interface OptionRecord {
  id: number;
  name: string;
  position: number;
  values: OptionValueRecord[];
}

export interface VariantRecord {
  id: number;
  title: string;
  position: number;
  price: string;
  compareAtPrice: string | null;
  sku: string | null;
  barcode: string | null;
  selectedOptions: { name: string; value: string }[];
  inventoryPolicy: "DENY" | "CONTINUE";
  taxable: boolean;
  tracked: boolean;
  requiresShipping: boolean;
  /** Weight in grams (smart-collection rules compare it in kilograms). */
  weightGrams: number;
  /** Weight as last set through the API; Shopify reads it back in the unit it was given. Absent: `weightGrams` in GRAMS. */
  weight?: Weight;
  unitCost: string | null;
  metafields: MetafieldRecord[];
  createdAt: string;
  updatedAt: string;
}

export type WeightUnit = "GRAMS" | "KILOGRAMS" | "OUNCES" | "POUNDS";

export interface Weight {
  value: number;
  unit: WeightUnit;
}

export interface MediaRecord {
  id: number;
  alt: string | null;
  width: number | null;
  height: number | null;
  /** CDN path under /cdn/catalog/ that serves the bytes. */
  path: string;
  fileSize: number;
  mimeType: string;
  /** FAILED when Shopify could not fetch the originalSource (here: any URL outside the simulator). */
  status: "READY" | "FAILED";
  createdAt: string;
  updatedAt: string;
}

export interface ProductRecord {
  id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  tags: string[];
  status: ProductStatus;
  seo: { title: string | null; description: string | null };
  templateSuffix: string | null;
  options: OptionRecord[];
  variants: VariantRecord[];
  media: MediaRecord[];
  metafields: MetafieldRecord[];
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export interface CollectionRule {
  column: string;
  relation: string;
  condition: string;
}

export interface CollectionRecord {
  id: number;
  kind: "custom" | "smart";
  title: string;
  handle: string;
  descriptionHtml: string;
  sortOrder: string;
  templateSuffix: string | null;
  seo: { title: string | null; description: string | null };
  ruleSet: { appliedDisjunctively: boolean; rules: CollectionRule[] } | null;
  image: { url: string; altText: string | null; width: number; height: number } | null;
  metafields: MetafieldRecord[];
  updatedAt: string;
  publishedAt: string | null;
}

export interface LocationRecord {
  id: number;
  index: number;
  name: string;
  address: {
    address1: string;
    address2: string | null;
    city: string;
    province: string;
    provinceCode: string;
    country: string;
    countryCode: string;
    zip: string;
    phone: string;
  };
  fulfillsOnlineOrders: boolean;
  createdAt: string;
  updatedAt: string;
  metafields: MetafieldRecord[];
}

/** Named inventory quantities Shopify tracks per level; on_hand is derived from the others. */
export interface LevelQuantities {
  available: number;
  committed: number;
  incoming: number;
  reserved: number;
  damaged: number;
  safety_stock: number;
  quality_control: number;
  updatedAt: string;
}

export const QUANTITY_NAMES = [
  "available",
  "on_hand",
  "committed",
  "incoming",
  "reserved",
  "damaged",
  "safety_stock",
  "quality_control",
] as const;
