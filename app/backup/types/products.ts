/** Products (variants, options, media, metafields, collection membership, SEO, status) and variant metafields. */
import * as Q from "~/shopify/queries/backup-products";
import { plain, refId, sortById, sortByPosition, sortMetafields, type JsonObject } from "../normalise";
import { METAFIELD_PAGES, type ChildPages } from "./child-pages";
import type { CanonicalRecord, RecordTypeModule } from "./module";
import { bulkRecords, byIdRecords, pagedRecords } from "./sources";

/** Canonical Product: variants by position, media in the product's order, metafields by namespace/key, collections by id. */
export function normaliseProduct(raw: JsonObject): CanonicalRecord[] {
  const p = plain(raw) as JsonObject;
  const record: JsonObject = {
    ...p,
    options: sortByPosition(p.options),
    variants: sortByPosition(p.variants),
    // Media order is the product's gallery order (meaningful, and Shopify returns it in that order).
    media: Array.isArray(p.media) ? p.media : [],
    metafields: sortMetafields(p.metafields),
    collections: sortById(p.collections),
  };
  return [{ type: "Product", gid: String(p.id), record }];
}

/** Metafields of one variant; a variant without metafields has no record. */
export function normaliseVariantMetafields(raw: JsonObject): CanonicalRecord[] {
  const v = plain(raw) as JsonObject;
  const metafields = sortMetafields(v.metafields);
  if (metafields.length === 0) return [];
  return [{ type: "ProductVariantMetafields", gid: String(v.id), record: { id: v.id, product: refId(v.product), metafields } }];
}

const PRODUCT_PAGES: ChildPages = {
  variants: Q.BACKUP_PRODUCT_MORE_VARIANTS,
  media: Q.BACKUP_PRODUCT_MORE_MEDIA,
  collections: Q.BACKUP_PRODUCT_MORE_COLLECTIONS,
  ...METAFIELD_PAGES,
};

export const products: RecordTypeModule = {
  name: "products",
  dataType: "products",
  types: ["Product"],
  bulk: true,
  countField: "productsCount",
  normalise: normaliseProduct,
  full: (ctx) => bulkRecords(ctx, "products", Q.BACKUP_PRODUCTS_BULK, normaliseProduct),
  paged: (ctx) => pagedRecords(ctx, Q.BACKUP_PRODUCTS_PAGE, "products", 2, normaliseProduct, {}, PRODUCT_PAGES),
  // 4 products cost ~800 of the 1,000 points one query may request (~200 each); byIdRecords halves a batch that costs more.
  byIds: (ctx, ids) => byIdRecords(ctx, Q.BACKUP_PRODUCTS_BY_ID, ids, 4, normaliseProduct, PRODUCT_PAGES),
};

export const variantMetafields: RecordTypeModule = {
  name: "variant-metafields",
  dataType: "products",
  types: ["ProductVariantMetafields"],
  bulk: true,
  normalise: normaliseVariantMetafields,
  full: (ctx) => bulkRecords(ctx, "variant-metafields", Q.BACKUP_VARIANT_METAFIELDS_BULK, normaliseVariantMetafields),
  paged: (ctx) => pagedRecords(ctx, Q.BACKUP_VARIANT_METAFIELDS_PAGE, "productVariants", 25, normaliseVariantMetafields, {}, METAFIELD_PAGES),
  byIds: (ctx, ids) => byIdRecords(ctx, Q.BACKUP_VARIANT_METAFIELDS_BY_ID, ids, 25, normaliseVariantMetafields, METAFIELD_PAGES),
};
