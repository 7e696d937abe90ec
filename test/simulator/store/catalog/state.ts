/**
 * The catalog's mutable state over the lazily generated seed: only records
 * written after seeding are held in memory (edited/created maps, deleted
 * sets, membership and inventory overrides).
 */
import type { StoreCore } from "../core";
import {
  generateCollection,
  generateLocation,
  generateProduct,
  seededMembership,
  seededProductHandle,
  seededQuantities,
  seededStocked,
} from "./generate";
import { COLLECTION_BASE, LOCATION_BASE, PRODUCT_BASE, VARIANT_BASE, VARIANT_BLOCK } from "./ids";
import type { CollectionRecord, LevelQuantities, LocationRecord, ProductRecord, VariantRecord } from "./types";

export interface StoredBytes {
  body: Uint8Array;
  contentType: string;
}

export class CatalogState {
  readonly productCount: number;
  readonly collectionCount: number;
  readonly locationCount: number;
  private readonly editedProducts = new Map<number, ProductRecord>();
  private readonly deletedProducts = new Set<number>();
  private readonly createdProducts: number[] = [];
  private liveProductCache: number[] | undefined;
  /** variant id -> product id, for variants of edited/created products. */
  private readonly variantOwner = new Map<number, number>();
  private handleIndex: Map<string, number> | undefined;

  private readonly editedCollections = new Map<number, CollectionRecord>();
  private readonly deletedCollections = new Set<number>();
  private readonly createdCollections: number[] = [];
  /** product id -> custom collection ids, for products whose membership changed after seeding. */
  private readonly membership = new Map<number, number[]>();

  private readonly editedLocations = new Map<number, LocationRecord>();
  /** item id -> stocked location indexes, for items created after seeding. */
  private readonly stocking = new Map<number, number[]>();
  /** level id (item * 100 + location) -> quantities written after seeding. */
  private readonly levels = new Map<number, LevelQuantities>();

  /**
   * Bumped by every write, so views derived from a walk of the whole catalog
   * (a location's levels, a collection's members) can be cached between writes.
   */
  revision = 0;

  /** Bytes stored after seeding: uploaded media under "uploads/…", staged targets under "staged/…". */
  readonly blobs = new Map<string, StoredBytes>();

  constructor(readonly core: StoreCore) {
    const preset = core.preset;
    this.productCount = preset.products;
    this.collectionCount = preset.customCollections + preset.smartCollections;
    this.locationCount = preset.locations;
  }

  // ---- products ----

  private seededProductIndex(id: number): number | undefined {
    const index = id - PRODUCT_BASE;
    return Number.isInteger(index) && index >= 0 && index < this.productCount ? index : undefined;
  }

  isSeededProduct(id: number): boolean {
    return this.seededProductIndex(id) !== undefined;
  }

  /** The live product with this numeric id, or undefined. */
  product(id: number): ProductRecord | undefined {
    if (this.deletedProducts.has(id)) return undefined;
    const edited = this.editedProducts.get(id);
    if (edited) return edited;
    const index = this.seededProductIndex(id);
    return index === undefined ? undefined : generateProduct(this.core, index, seededProductHandle(this.core, index));
  }

  /** Live product ids in id order (seeded first, then created). */
  productIds(): number[] {
    if (!this.liveProductCache) {
      const ids: number[] = [];
      for (let i = 0; i < this.productCount; i++) {
        const id = PRODUCT_BASE + i;
        if (!this.deletedProducts.has(id)) ids.push(id);
      }
      for (const id of this.createdProducts) if (!this.deletedProducts.has(id)) ids.push(id);
      this.liveProductCache = ids;
    }
    return this.liveProductCache;
  }

  /** Ids of products written after seeding (the only ones whose updatedAt can exceed seededAt). */
  touchedProductIds(): number[] {
    return [...this.editedProducts.keys()].filter((id) => !this.deletedProducts.has(id)).sort((a, b) => a - b);
  }

  liveProductCount(): number {
    return this.productCount - [...this.deletedProducts].filter((id) => this.isSeededProduct(id)).length +
      this.createdProducts.filter((id) => !this.deletedProducts.has(id)).length;
  }

  /** Stores a created or edited product (whole record replaces the previous one). */
  putProduct(record: ProductRecord): void {
    this.revision += 1;
    const previous = this.product(record.id);
    const isNew = !previous;
    if (previous) {
      for (const variant of previous.variants) this.variantOwner.delete(variant.id);
      if (this.handleIndex?.get(previous.handle) === record.id) this.handleIndex.delete(previous.handle);
    }
    this.editedProducts.set(record.id, record);
    for (const variant of record.variants) this.variantOwner.set(variant.id, record.id);
    this.handleIndex?.set(record.handle, record.id);
    if (isNew && !this.isSeededProduct(record.id)) {
      this.createdProducts.push(record.id);
      this.liveProductCache = undefined;
    }
  }

  deleteProduct(id: number): void {
    const record = this.product(id);
    if (!record) return;
    this.revision += 1;
    // Shopify removes a deleted product's media files from its CDN: their URLs stop serving.
    for (const media of record.media) if (media.path.startsWith("uploads/")) this.blobs.delete(media.path);
    for (const variant of record.variants) this.variantOwner.delete(variant.id);
    if (this.handleIndex?.get(record.handle) === id) this.handleIndex.delete(record.handle);
    this.editedProducts.delete(id);
    this.membership.delete(id);
    this.deletedProducts.add(id);
    this.liveProductCache = undefined;
  }

  /** Whether a product with this id existed and was deleted. */
  isDeletedProduct(id: number): boolean {
    return this.deletedProducts.has(id);
  }

  /** Live product with this handle (Shopify handles are unique per shop). */
  productByHandle(handle: string): ProductRecord | undefined {
    if (!this.handleIndex) {
      // Built on first use only: 100k seeded handles cost ~100 ms once.
      const index = new Map<string, number>();
      for (let i = 0; i < this.productCount; i++) {
        const id = PRODUCT_BASE + i;
        if (!this.deletedProducts.has(id) && !this.editedProducts.has(id)) index.set(seededProductHandle(this.core, i), id);
      }
      for (const [id, record] of this.editedProducts) if (!this.deletedProducts.has(id)) index.set(record.handle, id);
      this.handleIndex = index;
    }
    const id = this.handleIndex.get(handle);
    return id === undefined ? undefined : this.product(id);
  }

  /** The variant and its product, or undefined if either is gone. */
  variant(variantId: number): { product: ProductRecord; variant: VariantRecord } | undefined {
    let productId = this.variantOwner.get(variantId);
    if (productId === undefined) {
      const offset = variantId - VARIANT_BASE;
      if (!Number.isInteger(offset) || offset < 0) return undefined;
      productId = PRODUCT_BASE + Math.floor(offset / VARIANT_BLOCK);
      // Variants of edited products are all in variantOwner; a miss means this one was removed.
      if (!this.isSeededProduct(productId) || this.editedProducts.has(productId)) return undefined;
    }
    const product = this.product(productId);
    const variant = product?.variants.find((v) => v.id === variantId);
    return product && variant ? { product, variant } : undefined;
  }

  // ---- collections ----

  private seededCollectionIndex(id: number): number | undefined {
    const index = id - COLLECTION_BASE;
    return Number.isInteger(index) && index >= 0 && index < this.collectionCount ? index : undefined;
  }

  collection(id: number): CollectionRecord | undefined {
    if (this.deletedCollections.has(id)) return undefined;
    const edited = this.editedCollections.get(id);
    if (edited) return edited;
    const index = this.seededCollectionIndex(id);
    return index === undefined ? undefined : generateCollection(this.core, index);
  }

  collectionIds(): number[] {
    const ids: number[] = [];
    for (let i = 0; i < this.collectionCount; i++) {
      if (!this.deletedCollections.has(COLLECTION_BASE + i)) ids.push(COLLECTION_BASE + i);
    }
    for (const id of this.createdCollections) if (!this.deletedCollections.has(id)) ids.push(id);
    return ids;
  }

  collections(): CollectionRecord[] {
    return this.collectionIds().map((id) => this.collection(id) as CollectionRecord);
  }

  putCollection(record: CollectionRecord): void {
    this.revision += 1;
    const isNew = !this.collection(record.id);
    this.editedCollections.set(record.id, record);
    if (isNew && this.seededCollectionIndex(record.id) === undefined) this.createdCollections.push(record.id);
  }

  deleteCollection(id: number): void {
    this.revision += 1;
    this.editedCollections.delete(id);
    this.deletedCollections.add(id);
  }

  /** Live custom collections a product is an explicit member of. */
  customMembership(productId: number): number[] {
    const override = this.membership.get(productId);
    const index = this.seededProductIndex(productId);
    const ids = override ?? (index === undefined ? [] : seededMembership(this.core, index));
    return ids.filter((id) => this.collection(id)?.kind === "custom");
  }

  setCustomMembership(productId: number, collectionIds: number[]): void {
    this.revision += 1;
    this.membership.set(productId, [...new Set(collectionIds)].sort((a, b) => a - b));
  }

  // ---- locations and inventory ----

  location(id: number): LocationRecord | undefined {
    const index = id - LOCATION_BASE;
    if (!Number.isInteger(index) || index < 0 || index >= this.locationCount) return undefined;
    return this.editedLocations.get(id) ?? generateLocation(this.core, index);
  }

  locations(): LocationRecord[] {
    return Array.from({ length: this.locationCount }, (_, i) => this.location(LOCATION_BASE + i) as LocationRecord);
  }

  putLocation(record: LocationRecord): void {
    this.revision += 1;
    this.editedLocations.set(record.id, record);
  }

  /** Location indexes where an inventory item is stocked. */
  stockedAt(itemId: number, seededItem: boolean): number[] {
    const override = this.stocking.get(itemId);
    if (override) return override;
    if (!seededItem) return [0];
    const out: number[] = [];
    for (let l = 0; l < this.locationCount; l++) if (seededStocked(this.core, itemId, l)) out.push(l);
    return out;
  }

  setStocked(itemId: number, locationIndexes: number[]): void {
    this.revision += 1;
    this.stocking.set(itemId, [...new Set(locationIndexes)].sort((a, b) => a - b));
  }

  quantities(itemId: number, locationIndex: number, seededItem: boolean): LevelQuantities {
    const stored = this.levels.get(itemId * 100 + locationIndex);
    if (stored) return stored;
    if (seededItem) return seededQuantities(this.core, itemId, locationIndex);
    const zero = this.core.seededAt().toISOString().replace(/\.\d{3}Z$/, "Z");
    return { available: 0, committed: 0, incoming: 0, reserved: 0, damaged: 0, safety_stock: 0, quality_control: 0, updatedAt: zero };
  }

  setQuantities(itemId: number, locationIndex: number, quantities: LevelQuantities): void {
    this.revision += 1;
    this.levels.set(itemId * 100 + locationIndex, quantities);
  }
}

/** Whether a variant id was part of the seed (its inventory comes from the seeded generator). */
export function isSeededVariantId(state: CatalogState, variantId: number): boolean {
  const offset = variantId - VARIANT_BASE;
  return offset >= 0 && offset < state.productCount * VARIANT_BLOCK;
}
