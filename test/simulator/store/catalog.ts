/**
 * The simulator's catalog domain: products (variants, options, media,
 * metafields), custom and smart collections, locations and inventory
 * levels, with the queries and restore mutations Snapshelf uses. Seeded
 * records are generated lazily (see catalog/generate.ts); only writes are
 * held in memory.
 */
import { connection, type ConnectionArgs, type Domain, type SimContext, type StoreCore } from "./core";
import { collectionAddProductsV2, collectionCreate, collectionDelete, collectionRemoveProducts, collectionUpdate, job } from "./catalog/collections";
import { MEDIA_BASE, MEDIA_BLOCK, PRODUCT_BASE, numericId, splitLevelId, variantIdOfItem } from "./catalog/ids";
import { CatalogModel } from "./catalog/model";
import { productSet } from "./catalog/product-set";
import { CatalogRuntime } from "./catalog/runtime";
import { CatalogState } from "./catalog/state";
import type { ProductRecord, VariantRecord } from "./catalog/types";
import { CatalogViews, countObject, lazyConnection } from "./catalog/views";
import {
  catalogOwnerAdapters,
  inventorySetQuantities,
  metafieldsDelete,
  metafieldsSet,
  productDelete,
  stagedUploadsCreate,
  type MetafieldOwnerAdapter,
  type StagedTarget,
} from "./catalog/writes";

export type { MetafieldOwnerAdapter } from "./catalog/writes";

export interface CatalogDomain extends Domain {
  productCount(): number;
  getProductSummary(index: number): ProductSummary | undefined;
  /**
   * Stores the body of an upload to a staged target (`path` is the part
   * after /cdn/catalog/, e.g. "staged/<uuid>"); false if no such target.
   */
  acceptStagedUpload(path: string, body: Uint8Array, contentType: string): boolean;
  /** Lets another domain's owner type (e.g. Customer) take part in metafieldsSet. */
  registerMetafieldOwner(gidType: string, adapter: MetafieldOwnerAdapter): void;
}

export interface ProductSummary {
  id: number;
  title: string;
  variants: { id: number; sku: string; price: string; title: string }[];
}

type Args = Record<string, unknown>;

/** ProductIdentifierInput (in the 2025-01 schema). */
interface ProductIdentifier {
  id?: string | null;
  handle?: string | null;
  customId?: { namespace?: string | null; key: string; value: string } | null;
}

/** Creates the catalog domain over the shared store core. */
export function createCatalogDomain(core: StoreCore): CatalogDomain {
  const state = new CatalogState(core);
  const model = new CatalogModel(state);
  const views = new CatalogViews(model);
  const rt = new CatalogRuntime(core, state, model, views);
  const owners: Record<string, MetafieldOwnerAdapter> = catalogOwnerAdapters(rt);
  const staged = new Map<string, StagedTarget>();

  const productById = (value: unknown) => state.product(numericId(value, "Product") ?? -1);
  // productByIdentifier (shopify.dev queries/productByIdentifier): by id, else by handle; no match answers null.
  // customId lookups (unique metafield values) are not simulated: they answer null as for an unknown product.
  const productByIdentifier = (identifier: ProductIdentifier) =>
    identifier.id != null ? productById(identifier.id) : identifier.handle != null ? state.productByHandle(identifier.handle) : undefined;
  const productView = (record: ProductRecord | undefined, ctx: SimContext) => (record ? views.product(record, ctx) : null);
  const variantView = (id: number, ctx: SimContext) => {
    const found = state.variant(id);
    return found ? views.variant(found.product, found.variant, ctx) : null;
  };
  const itemView = (itemId: number, ctx: SimContext) => {
    const found = state.variant(variantIdOfItem(itemId));
    return found ? views.inventoryItem(found.product, found.variant, ctx) : null;
  };
  const levelView = (levelId: number, ctx: SimContext) => {
    const { itemId, locationIndex } = splitLevelId(levelId);
    if (!state.variant(variantIdOfItem(itemId))) return null;
    const level = model.levelsOfItem(itemId).find((l) => l.locationIndex === locationIndex);
    return level ? views.inventoryLevel(level, ctx) : null;
  };
  // All variants (no search), a page at a time: only the page's products are generated.
  const variantPage = (args: Args, ctx: SimContext, build: (row: { product: ProductRecord; variant: VariantRecord }) => unknown) =>
    lazyConnection(model.variantIds(), args, ctx, (id) => build(state.variant(id)!));
  const collectionView = (id: number, ctx: SimContext) => {
    const record = state.collection(id);
    return record ? views.collection(record, ctx) : null;
  };
  const locationView = (id: number, ctx: SimContext) => {
    const record = state.location(id);
    return record ? views.location(record, ctx) : null;
  };
  const mediaView = (id: number, ctx: SimContext) => {
    // Seeded media ids encode their product; media added later lives on an edited product.
    const seededIndex = Math.floor((id - MEDIA_BASE) / MEDIA_BLOCK);
    const candidates = [...(seededIndex >= 0 && seededIndex < state.productCount ? [PRODUCT_BASE + seededIndex] : []), ...state.touchedProductIds()];
    for (const productId of candidates) {
      const media = state.product(productId)?.media.find((m) => m.id === id);
      if (media) return views.media(media, ctx);
    }
    return null;
  };

  const query = {
    product: (args: Args, ctx: SimContext) => productView(productById(args.id), ctx),
    productByHandle: (args: Args, ctx: SimContext) => productView(state.productByHandle(String(args.handle)), ctx),
    productByIdentifier: (args: Args, ctx: SimContext) => productView(productByIdentifier(args.identifier as ProductIdentifier), ctx),
    products: (args: Args, ctx: SimContext) =>
      lazyConnection(model.searchProducts(args.query as string, args.sortKey as string), args, ctx, (id) => views.product(state.product(id) as ProductRecord, ctx)),
    productsCount: (args: Args) => {
      const n = args.query ? model.searchProducts(args.query as string, null).length : state.liveProductCount();
      // Shopify caps counts at 10,000 unless `limit: null` is passed explicitly.
      return countObject(n, "limit" in args ? (args.limit as number | null) : 10_000);
    },
    productVariant: (args: Args, ctx: SimContext) => variantView(numericId(args.id, "ProductVariant") ?? -1, ctx),
    productVariants: (args: Args, ctx: SimContext) => {
      if (!args.query) return variantPage(args, ctx, (row) => views.variant(row.product, row.variant, ctx));
      const rows = model.searchVariants(args.query as string);
      const page = connection(rows, args as ConnectionArgs, ctx, (r) => r.variant.id);
      const nodes = page.nodes.map((r) => views.variant(r.product, r.variant, ctx));
      return { edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i] })), nodes, pageInfo: page.pageInfo };
    },
    productVariantsCount: (args: Args) => countObject(args.query ? model.searchVariants(args.query as string).length : model.variantIds().length, "limit" in args ? (args.limit as number | null) : 10_000),
    collection: (args: Args, ctx: SimContext) => collectionView(numericId(args.id, "Collection") ?? -1, ctx),
    collectionByHandle: (args: Args, ctx: SimContext) => {
      const record = state.collections().find((c) => c.handle === args.handle);
      return record ? views.collection(record, ctx) : null;
    },
    collections: (args: Args, ctx: SimContext) => {
      const list = model.searchCollections(args.query as string, args.sortKey as string);
      const page = connection(list, args as ConnectionArgs, ctx, (c) => c.id);
      const nodes = page.nodes.map((c) => views.collection(c, ctx));
      return { edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i] })), nodes, pageInfo: page.pageInfo };
    },
    collectionsCount: (args: Args) => countObject(model.searchCollections(args.query as string, null).length),
    location: (args: Args, ctx: SimContext) =>
      args.id == null ? views.location(state.locations()[0], ctx) : locationView(numericId(args.id, "Location") ?? -1, ctx),
    locations: (args: Args, ctx: SimContext) => {
      const list = state.locations();
      const sorted = (args.sortKey ?? "NAME") === "NAME" ? list.slice().sort((a, b) => a.name.localeCompare(b.name)) : list;
      return lazyConnection(sorted.map((l) => l.id), args, ctx, (id) => locationView(id, ctx));
    },
    locationsCount: () => countObject(state.locationCount),
    inventoryItem: (args: Args, ctx: SimContext) => itemView(numericId(args.id, "InventoryItem") ?? -1, ctx),
    inventoryItems: (args: Args, ctx: SimContext) => {
      if (!args.query) return variantPage(args, ctx, (row) => views.inventoryItem(row.product, row.variant, ctx));
      const rows = model.searchVariants(args.query as string);
      const page = connection(rows, args as ConnectionArgs, ctx, (r) => r.variant.id);
      const nodes = page.nodes.map((r) => views.inventoryItem(r.product, r.variant, ctx));
      return { edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i] })), nodes, pageInfo: page.pageInfo };
    },
    inventoryLevel: (args: Args, ctx: SimContext) => levelView(numericId(args.id, "InventoryLevel") ?? -1, ctx),
    job: (args: Args) => job(rt, String(args.id)),
  };

  const mutation = {
    productSet: (args: Args, ctx: SimContext) => productSet(rt, args, ctx),
    productDelete: (args: Args) => productDelete(rt, args),
    collectionCreate: (args: Args, ctx: SimContext) => collectionCreate(rt, args, ctx),
    collectionUpdate: (args: Args, ctx: SimContext) => collectionUpdate(rt, args, ctx),
    collectionDelete: (args: Args) => collectionDelete(rt, args),
    collectionAddProductsV2: (args: Args) => collectionAddProductsV2(rt, args),
    collectionRemoveProducts: (args: Args) => collectionRemoveProducts(rt, args),
    inventorySetQuantities: (args: Args, ctx: SimContext) => inventorySetQuantities(rt, args, ctx),
    metafieldsSet: (args: Args, ctx: SimContext) => metafieldsSet(rt, owners, args, ctx),
    metafieldsDelete: (args: Args) => metafieldsDelete(rt, owners, args),
    stagedUploadsCreate: (args: Args, ctx: SimContext) => stagedUploadsCreate(rt, staged, args, ctx),
  };

  const nodeTypes: Domain["nodeTypes"] = {
    Product: (id, ctx) => productView(state.product(Number(id)), ctx),
    ProductVariant: (id, ctx) => variantView(Number(id), ctx),
    Collection: (id, ctx) => collectionView(Number(id), ctx),
    Location: (id, ctx) => locationView(Number(id), ctx),
    InventoryItem: (id, ctx) => itemView(Number(id), ctx),
    InventoryLevel: (id, ctx) => levelView(Number(id), ctx),
    MediaImage: (id, ctx) => mediaView(Number(id), ctx),
  };

  return {
    name: "catalog",
    query,
    mutation,
    nodeTypes,
    cdn: (path) => model.bytes(path),
    productCount: () => state.liveProductCount(),
    getProductSummary: (index) => {
      const id = state.productIds()[index];
      const record = id === undefined ? undefined : state.product(id);
      if (!record) return undefined;
      return {
        id: record.id,
        title: record.title,
        variants: record.variants.map((v) => ({ id: v.id, sku: v.sku ?? "", price: v.price, title: v.title })),
      };
    },
    acceptStagedUpload: (path, body, contentType) => {
      const match = /^\/?(?:catalog\/)?staged\/([^/?#]+)/.exec(path);
      const target = match && staged.get(match[1]);
      if (!match || !target) return false;
      target.uploaded = true;
      state.blobs.set(`staged/${match[1]}`, { body: new Uint8Array(body), contentType: contentType || target.mimeType });
      return true;
    },
    registerMetafieldOwner: (gidType, adapter) => {
      owners[gidType] = adapter;
    },
  };
}

