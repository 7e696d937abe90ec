/** Read-side queries over the catalog state: membership, inventory, search. */
import { SimUserError } from "../core";
import { catalogBytes } from "./cdn";
import type { StoredBytes } from "./state";
import { itemIdOf, variantIdOfItem } from "./ids";
import { PerRevision } from "./per-revision";
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

interface Memberships {
  collections: Map<number, CollectionRecord>;
  byCollection: Map<number, number[]>;
  byProduct: Map<number, number[]>;
}

export class CatalogModel {
  private readonly levels = new PerRevision(() => this.state.revision, () => this.walkLevels());
  private readonly members = new PerRevision(() => this.state.revision, () => this.walkMemberships());
  private readonly variants = new PerRevision(() => this.state.revision, () => this.walkVariantIds());
  /** Bounded by the store's seeded images (~300k paths on `large`). */
  private readonly seededSizes = new Map<string, number>();

  constructor(readonly state: CatalogState) {}

  /** Bytes behind a catalog CDN path. */
  bytes(path: string): StoredBytes | undefined {
    return catalogBytes(this.state.core, this.state, path);
  }

  /**
   * Size of the bytes behind a path, without rendering a seeded image twice:
   * a bulk export of `large` asks for 300k images' `fileSize`, and rendering
   * (PNG deflate) was most of its time. Seeded images never change; uploads
   * are stored bytes, measured directly.
   */
  byteSize(path: string): number | null {
    if (!path.startsWith("images/")) return this.bytes(path)?.body.length ?? null;
    let size = this.seededSizes.get(path);
    if (size === undefined) {
      const bytes = this.bytes(path);
      if (!bytes) return null;
      this.seededSizes.set(path, (size = bytes.body.length));
    }
    return size;
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
   * at once; they are kept until the next write, because
   * a bulk run asks for the same location many times (nested connections are
   * written in windows, bulk/nested-windows.ts).
   */
  levelsAtLocation(locationIndex: number): LevelRef[] {
    return this.levels.get().get(locationIndex) ?? [];
  }

  private walkLevels(): Map<number, LevelRef[]> {
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
    return byLocation;
  }

  /** Whether a product is in a collection (custom: explicit membership; smart: its rules). */
  inCollection(product: ProductRecord, collection: CollectionRecord): boolean {
    if (collection.kind === "custom") return this.state.customMembership(product.id).includes(collection.id);
    return matchesRuleSet(product, collection, (variantId) => this.variantAvailable(variantId));
  }

  /** Live collections a product is in, in collection id order. */
  collectionsOf(product: ProductRecord): CollectionRecord[] {
    // From the walk while it is current (a bulk export); after a write, one
    // product's rules are cheaper to evaluate than a new walk of the catalog.
    const memberships = this.members.peek();
    const ids = memberships?.byProduct.get(product.id);
    if (!memberships || !ids) return this.state.collections().filter((c) => this.inCollection(product, c));
    return ids.map((id) => memberships.collections.get(id)!);
  }

  /** Product ids of a collection, in id order (the simulator does not model manual positions). */
  productIdsIn(collection: CollectionRecord): number[] {
    const cached = this.members.get().byCollection.get(collection.id);
    // A collection record the state does not hold as live: its members computed on their own.
    return cached ?? this.state.productIds().filter((id) => this.inCollection(this.state.product(id) as ProductRecord, collection));
  }

  /**
   * Every live collection's members and every live product's collections,
   * from one walk of the catalog, kept until the next write: a bulk run asks
   * for the members of every collection and the collections of every
   * product, and each walk generates every seeded product.
   */
  private walkMemberships(): Memberships {
    const list = this.state.collections();
    const collections = new Map(list.map((c) => [c.id, c]));
    const byCollection = new Map<number, number[]>(list.map((c) => [c.id, []]));
    const byProduct = new Map<number, number[]>();
    for (const id of this.state.productIds()) {
      const product = this.state.product(id) as ProductRecord;
      const custom = this.state.customMembership(id);
      // Each variant's stock once per product, not once per smart collection that asks for it.
      const available = new Map<number, number>();
      const inventory = (variantId: number) => {
        let value = available.get(variantId);
        if (value === undefined) available.set(variantId, (value = this.variantAvailable(variantId)));
        return value;
      };
      const mine = list.filter((c) => (c.kind === "custom" ? custom.includes(c.id) : matchesRuleSet(product, c, inventory))).map((c) => c.id);
      for (const collectionId of mine) byCollection.get(collectionId)!.push(id);
      byProduct.set(id, mine);
    }
    return { collections, byCollection, byProduct };
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

  /**
   * Every live variant's id, in product order, kept until the next write. A
   * bulk export of `productVariants` pages through all of them; building the
   * rows (every product generated and held) per page took ~10 s a page and
   * gigabytes of heap on `large`.
   */
  variantIds(): number[] {
    return this.variants.get();
  }

  private walkVariantIds(): number[] {
    const ids: number[] = [];
    for (const id of this.state.productIds()) for (const variant of (this.state.product(id) as ProductRecord).variants) ids.push(variant.id);
    return ids;
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
