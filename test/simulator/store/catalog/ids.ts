/**
 * Numeric id layout of the catalog. Seeded record i gets `base + i` (or a
 * fixed-width block per product for its children) so any id can be mapped
 * back to the seeded record that owns it without an index; records created
 * later are allocated above every seeded range.
 */
export const PRODUCT_BASE = 8_100_000_000;
export const VARIANT_BASE = 44_100_000_000;
/** Variant ids per seeded product; the largest preset has ≤ 8 variants. */
export const VARIANT_BLOCK = 16;
/** InventoryItem id = variant id + offset (1:1, as every Shopify variant owns one item). */
export const ITEM_OFFSET = 3_000_000_000;
export const MEDIA_BASE = 31_000_000_000;
export const MEDIA_BLOCK = 8;
export const OPTION_BASE = 10_200_000_000;
export const OPTION_BLOCK = 4;
export const OPTION_VALUE_BASE = 2_100_000_000_000;
export const OPTION_VALUE_BLOCK = 64;
export const METAFIELD_BASE = 25_000_000_000;
export const METAFIELD_BLOCK = 32;
export const COLLECTION_BASE = 460_000_000_000;
export const LOCATION_BASE = 71_000_000_000;
/** InventoryLevel numeric id = item id * LEVEL_FACTOR + location index, so the GID alone identifies the level. */
export const LEVEL_FACTOR = 100;

export function itemIdOf(variantId: number): number {
  return variantId + ITEM_OFFSET;
}

export function variantIdOfItem(itemId: number): number {
  return itemId - ITEM_OFFSET;
}

export function levelIdOf(itemId: number, locationIndex: number): number {
  return itemId * LEVEL_FACTOR + locationIndex;
}

export function splitLevelId(levelId: number): { itemId: number; locationIndex: number } {
  return { itemId: Math.floor(levelId / LEVEL_FACTOR), locationIndex: levelId % LEVEL_FACTOR };
}

/** Parses a GID or bare numeric id of the expected type; undefined when it is not one. */
export function numericId(value: unknown, type: string): number | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const text = String(value);
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)/.exec(text);
  if (match) return match[1] === type ? Number(match[2]) : undefined;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}
