/** Read-side queries over the catalog state: membership, inventory, search. */
import { SimUserError } from "../core";
import { catalogBytes } from "./cdn";
import type { StoredBytes } from "./state";
import { itemIdOf, variantIdOfItem } from "./ids";
import { matchesRuleSet } from "./rules";
import { matchesSearch, parseSearch, updatedAfter, type SearchFields } from "./search";
import { isSeededVariantId, type CatalogState } from "./state";
import type { CollectionRecord, LevelQuantities, ProductRecord, VariantRecord } from "./types";

export interface LevelRef {
  itemId: number;
  locationIndex: number;
}

const PRODUCT_FIELDS: SearchFields<ProductRecord> = {
  id: { kind: "number", get: (p) => p.id },
  title: { kind: "text", get: (p) => p.title },
  handle: { kind: "text", get: (p) => p.handle },
  status: { kind: "text", get: (p) => p.status },
  vendor: { kind: "text", get: (p) => p.vendor },
  product_type: { kind: "text", get: (p) => p.productType },
  tag: { kind: "text", get: (p) => p.tags },
  sku: { kind: "text", get: (p) => p.variants.map((v) => v.sku ?? "").filter(Boolean) },
  barcode: { kind: "text", get: (p) => p.variants.map((v) => v.barcode ?? "").filter(Boolean) },
  created_at: { kind: "date", get: (p) => p.createdAt },
  updated_at: { kind: "date", get: (p) => p.updatedAt },
  published_at: { kind: "date", get: (p) => p.publishedAt },
};

interface VariantRow {
  product: ProductRecord;
  variant: VariantRecord;
}

const VARIANT_FIELDS: SearchFields<VariantRow> = {
  id: { kind: "number", get: (r) => r.variant.id },
  product_id: { kind: "number", get: (r) => r.product.id },
  title: { kind: "text", get: (r) => r.variant.title },
  sku: { kind: "text", get: (r) => r.variant.sku },
  barcode: { kind: "text", get: (r) => r.variant.barcode },
  updated_at: { kind: "date", get: (r) => r.variant.updatedAt },
  created_at: { kind: "date", get: (r) => r.variant.createdAt },
};

const COLLECTION_FIELDS: SearchFields<CollectionRecord> = {
  id: { kind: "number", get: (c) => c.id },
  title: { kind: "text", get: (c) => c.title },
  handle: { kind: "text", get: (c) => c.handle },
  collection_type: { kind: "text", get: (c) => c.kind },
  updated_at: { kind: "date", get: (c) => c.updatedAt },
};

const PRODUCT_SORT: Record<string, (p: ProductRecord) => string | number> = {
  ID: (p) => p.id,
  TITLE: (p) => p.title.toLowerCase(),
  CREATED_AT: (p) => p.createdAt,
  UPDATED_AT: (p) => p.updatedAt,
  PRODUCT_TYPE: (p) => p.productType,
  VENDOR: (p) => p.vendor,
  PUBLISHED_AT: (p) => p.publishedAt ?? "",
};

function sortBy<T>(items: T[], key: (item: T) => string | number, id: (item: T) => number): T[] {
  return items.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : id(a) - id(b);
  });
}

export class CatalogModel {
  private levelsCache: { revision: number; byLocation: Map<number, LevelRef[]> } | undefined;

  constructor(readonly state: CatalogState) {}

  /** Bytes behind a catalog CDN path. */
  bytes(path: string): StoredBytes | undefined {
    return catalogBytes(this.state.core, this.state, path);
  }

  isSeededItem(itemId: number): boolean {
    return isSeededVariantId(this.state, variantIdOfItem(itemId));
  }

  /** Inventory levels of an item, in location order. */
  levelsOfItem(itemId: number): LevelRef[] {
    return this.state.stockedAt(itemId, this.isSeededItem(itemId)).map((locationIndex) => ({ itemId, locationIndex }));
  }

  quantities(level: LevelRef): LevelQuantities {
    return this.state.quantities(level.itemId, level.locationIndex, this.isSeededItem(level.itemId));
  }

  /** Sum of `available` over the variant's stocked locations. */
  variantAvailable(variantId: number): number {
    return this.levelsOfItem(itemIdOf(variantId)).reduce((sum, level) => sum + this.quantities(level).available, 0);
  }

  productTotalInventory(product: ProductRecord): number {
    return product.variants.filter((v) => v.tracked).reduce((sum, v) => sum + this.variantAvailable(v.id), 0);
  }

  /**
   * Every level stocked at a location, in product order. One walk of the whole
   * catalog (generating every seeded product) fills the lists of all locations
   * at once; they are kept until a write changes products or stocking, because
   * a bulk run asks for the same location many times (nested connections are
   * written in windows, bulk/nested-windows.ts).
   */
  levelsAtLocation(locationIndex: number): LevelRef[] {
    if (this.levelsCache?.revision !== this.state.stockingRevision) {
      const byLocation = new Map<number, LevelRef[]>();
      for (const id of this.state.productIds()) {
        const product = this.state.product(id) as ProductRecord;
        for (const variant of product.variants) {
          const itemId = itemIdOf(variant.id);
          for (const index of this.state.stockedAt(itemId, this.isSeededItem(itemId))) {
            let list = byLocation.get(index);
            if (!list) byLocation.set(index, (list = []));
            list.push({ itemId, locationIndex: index });
          }
        }
      }
      this.levelsCache = { revision: this.state.stockingRevision, byLocation };
    }
    return this.levelsCache.byLocation.get(locationIndex) ?? [];
  }

  /** Whether a product is in a collection (custom: explicit membership; smart: its rules). */
  inCollection(product: ProductRecord, collection: CollectionRecord): boolean {
    if (collection.kind === "custom") return this.state.customMembership(product.id).includes(collection.id);
    return matchesRuleSet(product, collection, (variantId) => this.variantAvailable(variantId));
  }

  collectionsOf(product: ProductRecord): CollectionRecord[] {
    const custom = new Set(this.state.customMembership(product.id));
    return this.state
      .collections()
      .filter((c) => (c.kind === "custom" ? custom.has(c.id) : matchesRuleSet(product, c, (v) => this.variantAvailable(v))));
  }

  /** Product ids of a collection, in id order (the simulator does not model manual positions). */
  productIdsIn(collection: CollectionRecord): number[] {
    return this.state.productIds().filter((id) => {
      if (collection.kind === "custom") return this.state.customMembership(id).includes(collection.id);
      return this.inCollection(this.state.product(id) as ProductRecord, collection);
    });
  }

  /** Product ids matching a search query, sorted. Generates only records that can match. */
  searchProducts(query: string | null | undefined, sortKey: string | null | undefined): number[] {
    const terms = parseSearch(query);
    const key = sortKey ?? "ID";
    if (!(key in PRODUCT_SORT)) throw new SimUserError(`sortKey ${key} is not supported by the simulator`, "sortKey");
    if (terms.length === 0 && key === "ID") return this.state.productIds();
    const after = updatedAfter(terms);
    // Seeded records were all last updated before seededAt, so they cannot match a later bound.
    const candidates =
      after !== undefined && after >= this.state.core.seededAt().getTime() ? this.state.touchedProductIds() : this.state.productIds();
    const records = candidates
      .map((id) => this.state.product(id) as ProductRecord)
      .filter((p) => matchesSearch(p, terms, PRODUCT_FIELDS));
    return sortBy(records, PRODUCT_SORT[key], (p) => p.id).map((p) => p.id);
  }

  searchVariants(query: string | null | undefined): VariantRow[] {
    const terms = parseSearch(query);
    const rows: VariantRow[] = [];
    for (const id of this.state.productIds()) {
      const product = this.state.product(id) as ProductRecord;
      for (const variant of product.variants) {
        const row = { product, variant };
        if (matchesSearch(row, terms, VARIANT_FIELDS)) rows.push(row);
      }
    }
    return rows;
  }

  searchCollections(query: string | null | undefined, sortKey: string | null | undefined): CollectionRecord[] {
    const terms = parseSearch(query);
    const list = this.state.collections().filter((c) => matchesSearch(c, terms, COLLECTION_FIELDS));
    const key = sortKey ?? "ID";
    if (key === "TITLE") return sortBy(list, (c) => c.title.toLowerCase(), (c) => c.id);
    if (key === "UPDATED_AT") return sortBy(list, (c) => c.updatedAt, (c) => c.id);
    if (key !== "ID") throw new SimUserError(`sortKey ${key} is not supported by the simulator`, "sortKey");
    return list;
  }
}
