/** Products for backups: the bulk, paged and by-GID forms of one selection. */
import { bulkDocument, byIdDocument, childPagesDocument, conn, metafields, pagedDocument, type Selection } from "./backup-selection";

const VARIANT = `id title position sku barcode price compareAtPrice taxable inventoryPolicy
  selectedOptions { name value }
  inventoryItem { id sku tracked requiresShipping unitCost { amount currencyCode } measurement { weight { unit value } } }`;

const MEDIA = `id alt mediaContentType status
  ... on MediaImage { mimeType image { url altText width height } originalSource { url fileSize } }
  ... on Video { sources { url mimeType format height width } }
  ... on ExternalVideo { originUrl embedUrl host }
  ... on Model3d { sources { url mimeType format filesize } }`;

/** Product with options, SEO, status, variants (+ inventory item), media, metafields, collection membership. */
export const PRODUCT_SELECTION: Selection = (mode) => `id legacyResourceId title handle descriptionHtml vendor productType tags status
  templateSuffix isGiftCard requiresSellingPlan createdAt updatedAt publishedAt
  seo { title description }
  options { id name position values optionValues { id name hasVariants } }
  ${conn(mode, "variants", 40, VARIANT)}
  ${conn(mode, "media", 20, MEDIA)}
  ${metafields(mode)}
  ${conn(mode, "collections", 25, "id")}`;

export const BACKUP_PRODUCTS_BULK = bulkDocument("SnapshelfBackupProducts", "products", PRODUCT_SELECTION);
export const BACKUP_PRODUCTS_PAGE = pagedDocument("SnapshelfBackupProductsPage", "products", PRODUCT_SELECTION);
export const BACKUP_PRODUCTS_BY_ID = byIdDocument("SnapshelfBackupProductsById", "Product", PRODUCT_SELECTION);
// The rest of a product's long child lists (paged / by-GID answers stop at the first page).
export const BACKUP_PRODUCT_MORE_VARIANTS = childPagesDocument("SnapshelfBackupProductMoreVariants", "Product", "variants", 100, VARIANT);
export const BACKUP_PRODUCT_MORE_MEDIA = childPagesDocument("SnapshelfBackupProductMoreMedia", "Product", "media", 50, MEDIA);
export const BACKUP_PRODUCT_MORE_COLLECTIONS = childPagesDocument("SnapshelfBackupProductMoreCollections", "Product", "collections", 250, "id");

/** Variant metafields are a third nesting level under products: their own record type and query. */
export const VARIANT_METAFIELDS_SELECTION: Selection = (mode) => `id product { id } ${metafields(mode)}`;
export const BACKUP_VARIANT_METAFIELDS_BULK = bulkDocument("SnapshelfBackupVariantMetafields", "productVariants", VARIANT_METAFIELDS_SELECTION);
export const BACKUP_VARIANT_METAFIELDS_PAGE = pagedDocument("SnapshelfBackupVariantMetafieldsPage", "productVariants", VARIANT_METAFIELDS_SELECTION);
export const BACKUP_VARIANT_METAFIELDS_BY_ID = byIdDocument("SnapshelfBackupVariantMetafieldsById", "ProductVariant", VARIANT_METAFIELDS_SELECTION);

/** Collections: smart rules, custom membership, SEO, image, metafields. */
export const COLLECTION_SELECTION: Selection = (mode) => `id legacyResourceId title handle descriptionHtml sortOrder templateSuffix updatedAt
  seo { title description }
  image { url altText width height }
  ruleSet { appliedDisjunctively rules { column relation condition } }
  ${conn(mode, "products", 100, "id")}
  ${metafields(mode)}`;
/** The rest of a custom collection's members. */
export const BACKUP_COLLECTION_MORE_PRODUCTS = childPagesDocument("SnapshelfBackupCollectionMoreProducts", "Collection", "products", 250, "id");
export const BACKUP_COLLECTIONS_BULK = bulkDocument("SnapshelfBackupCollections", "collections", COLLECTION_SELECTION);
export const BACKUP_COLLECTIONS_PAGE = pagedDocument("SnapshelfBackupCollectionsPage", "collections", COLLECTION_SELECTION);
export const BACKUP_COLLECTIONS_BY_ID = byIdDocument("SnapshelfBackupCollectionsById", "Collection", COLLECTION_SELECTION);

const LEVEL = `id updatedAt item { id sku } location { id }
  quantities(names: ["available", "on_hand", "committed", "incoming", "reserved", "damaged", "safety_stock", "quality_control"]) { name quantity }`;

/** Locations with their inventory levels (each level becomes its own record). */
export const LOCATION_SELECTION: Selection = (mode) => `id legacyResourceId name isActive fulfillsOnlineOrders
  address { address1 address2 city provinceCode zip countryCode phone }
  ${conn(mode, "inventoryLevels", 100, LEVEL)}`;
export const BACKUP_LOCATIONS_BULK = bulkDocument("SnapshelfBackupInventory", "locations", LOCATION_SELECTION, "includeInactive: true");
export const BACKUP_LOCATIONS_PAGE = pagedDocument("SnapshelfBackupInventoryPage", "locations", LOCATION_SELECTION, "includeInactive: true");
export const BACKUP_LOCATIONS_BY_ID = byIdDocument("SnapshelfBackupLocationsById", "Location", LOCATION_SELECTION);
/** The rest of a location's inventory levels. */
export const BACKUP_LOCATION_MORE_LEVELS = childPagesDocument("SnapshelfBackupLocationMoreLevels", "Location", "inventoryLevels", 100, LEVEL);

/** One inventory level by GID (incremental re-fetch of inventory_levels/* topics). */
export const INVENTORY_LEVEL_SELECTION: Selection = () => LEVEL;
export const BACKUP_INVENTORY_LEVELS_BY_ID = byIdDocument("SnapshelfBackupInventoryLevelsById", "InventoryLevel", INVENTORY_LEVEL_SELECTION);
