/**
 * GraphQL-shaped objects built from catalog records on read. Fields with
 * arguments are methods (graphql-js calls them with (args, context, info));
 * interface members carry `__typename`.
 */
import { metafieldAccessors, metafieldView } from "../metafields";
import { connection, gid, SimUserError, type ConnectionArgs, type SimContext } from "../core";
import { itemIdOf, levelIdOf, numericId, variantIdOfItem } from "./ids";
import type { CatalogModel, LevelRef } from "./model";
import { parseSearch, matchesSearch, type SearchFields } from "./search";
import {
  QUANTITY_NAMES,
  type CollectionRecord,
  type LevelQuantities,
  type LocationRecord,
  type MediaRecord,
  type MetafieldRecord,
  type ProductRecord,
  type VariantRecord,
} from "./types";

export type Gql = Record<string, unknown>;
type Args = Record<string, unknown>;

export const CURRENCY = "USD";
/** Namespace Shopify substitutes when an app omits one (the app-reserved namespace). */
export const APP_NAMESPACE = "app--1001";

const count = (n: number, limit?: number | null) =>
  limit != null && n > limit ? { count: limit, precision: "AT_LEAST" } : { count: n, precision: "EXACT" };

/** Connection over ids whose nodes are built only for the returned page. */
export function lazyConnection<T>(ids: readonly number[], args: Args, ctx: SimContext, build: (id: number) => T): Gql {
  const page = connection(ids, args as ConnectionArgs, ctx, (id) => id);
  const nodes = page.nodes.map(build);
  return { edges: page.edges.map((edge, i) => ({ cursor: edge.cursor, node: nodes[i] })), nodes, pageInfo: page.pageInfo };
}

function moneyV2(amount: string): Gql {
  return { amount, currencyCode: CURRENCY };
}

/** Counts are `{count, precision}` objects in the Admin API. */
export function countObject(n: number, limit?: number | null): Gql {
  return count(n, limit);
}

const OWNER_TYPES: Record<string, string> = {
  Product: "PRODUCT",
  ProductVariant: "PRODUCTVARIANT",
  Collection: "COLLECTION",
  Location: "LOCATION",
};

export { compareDigest } from "../metafields";

export class CatalogViews {
  constructor(private readonly model: CatalogModel) {}

  private get state() {
    return this.model.state;
  }

  metafield(record: MetafieldRecord, ownerType: string, owner: () => Gql): Gql {
    return metafieldView(record, OWNER_TYPES[ownerType], owner);
  }

  /** `metafield(namespace, key)` and `metafields(...)` for any owner. */
  private metafieldFields(list: MetafieldRecord[], ownerType: string, owner: () => Gql): Gql {
    return metafieldAccessors(list, OWNER_TYPES[ownerType], owner, APP_NAMESPACE);
  }

  image(media: MediaRecord, ctx: SimContext): Gql | null {
    if (media.status !== "READY") return null;
    const url = `${ctx.cdnBaseUrl}/catalog/${media.path}`;
    return {
      __typename: "Image",
      id: gid("ProductImage", media.id),
      altText: media.alt,
      width: media.width,
      height: media.height,
      // Transforms (resizing) are not simulated: every transform returns the original bytes.
      url: () => url,
      src: url,
      originalSrc: url,
      transformedSrc: () => url,
      metafield: () => null,
      metafields: (args: Args, c: SimContext) => lazyConnection([], args, c, () => null),
    };
  }

  media(record: MediaRecord, ctx: SimContext): Gql {
    const image = this.image(record, ctx);
    const failed = record.status === "FAILED";
    const size = () => (record.fileSize >= 0 ? record.fileSize : this.model.byteSize(record.path));
    const url = `${ctx.cdnBaseUrl}/catalog/${record.path}`;
    return {
      __typename: "MediaImage",
      id: gid("MediaImage", record.id),
      alt: record.alt,
      mediaContentType: "IMAGE",
      status: record.status,
      fileStatus: record.status,
      mimeType: record.mimeType,
      image,
      preview: { image, status: failed ? "FAILED" : "READY" },
      originalSource: failed ? null : { url, fileSize: size },
      mediaErrors: failed
        ? [{ code: "IMAGE_DOWNLOAD_FAILURE", details: null, message: "Image could not be downloaded from the originalSource URL" }]
        : [],
      mediaWarnings: [],
      fileErrors: [],
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      ...this.metafieldFields([], "MediaImage", () => this.media(record, ctx)),
    };
  }

  product(record: ProductRecord, ctx: SimContext): Gql {
    const self = () => this.product(record, ctx);
    const prices = record.variants.map((v) => Number(v.price));
    const compares = record.variants.map((v) => Number(v.compareAtPrice ?? v.price));
    const money = (n: number) => moneyV2((Number.isFinite(n) ? n : 0).toFixed(2));
    const images = record.media.filter((m) => m.status === "READY");
    return {
      __typename: "Product",
      id: gid("Product", record.id),
      legacyResourceId: String(record.id),
      title: record.title,
      handle: record.handle,
      descriptionHtml: record.descriptionHtml,
      bodyHtml: record.descriptionHtml,
      description: (args: Args) => {
        const text = record.descriptionHtml.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
        const limit = args.truncateAt as number | undefined;
        return limit && text.length > limit ? `${text.slice(0, limit)}...` : text;
      },
      vendor: record.vendor,
      productType: record.productType,
      tags: record.tags,
      status: record.status,
      seo: record.seo,
      templateSuffix: record.templateSuffix,
      giftCardTemplateSuffix: null,
      isGiftCard: false,
      requiresSellingPlan: false,
      category: null,
      combinedListingRole: null,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      publishedAt: record.publishedAt,
      onlineStoreUrl: record.status === "ACTIVE" ? `https://${this.state.core.shopDomain}/products/${record.handle}` : null,
      onlineStorePreviewUrl: `https://${this.state.core.shopDomain}/products/${record.handle}`,
      hasOnlyDefaultVariant: record.variants.length === 1 && record.options[0]?.values[0]?.name === "Default Title",
      hasOutOfStockVariants: () => record.variants.some((v) => v.tracked && this.model.variantAvailable(v.id) <= 0),
      tracksInventory: record.variants.some((v) => v.tracked),
      totalInventory: () => this.model.productTotalInventory(record),
      totalVariants: record.variants.length,
      variantsCount: count(record.variants.length),
      mediaCount: count(record.media.length),
      priceRangeV2: { minVariantPrice: money(Math.min(...prices)), maxVariantPrice: money(Math.max(...prices)) },
      priceRange: { minVariantPrice: money(Math.min(...prices)), maxVariantPrice: money(Math.max(...prices)) },
      compareAtPriceRange: record.variants.some((v) => v.compareAtPrice)
        ? { minVariantCompareAtPrice: money(Math.min(...compares)), maxVariantCompareAtPrice: money(Math.max(...compares)) }
        : null,
      options: (args: Args) =>
        record.options.slice(0, (args.first as number | undefined) ?? undefined).map((option) => ({
          __typename: "ProductOption",
          id: gid("ProductOption", option.id),
          name: option.name,
          position: option.position,
          values: option.values.map((v) => v.name),
          linkedMetafield: null,
          optionValues: option.values.map((value) => ({
            __typename: "ProductOptionValue",
            id: gid("ProductOptionValue", value.id),
            name: value.name,
            hasVariants: record.variants.some((v) => v.selectedOptions.some((s) => s.name === option.name && s.value === value.name)),
            linkedMetafieldValue: null,
            swatch: null,
          })),
        })),
      variants: (args: Args, c: SimContext) => {
        const page = connection(record.variants, args as ConnectionArgs, c, (v) => v.id);
        const nodes = page.nodes.map((v) => this.variant(record, v, c));
        return { edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i] })), nodes, pageInfo: page.pageInfo };
      },
      media: (args: Args, c: SimContext) => {
        const page = connection(record.media, args as ConnectionArgs, c, (m) => m.id);
        const nodes = page.nodes.map((m) => this.media(m, c));
        return { edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i] })), nodes, pageInfo: page.pageInfo };
      },
      images: (args: Args, c: SimContext) => {
        const page = connection(images, args as ConnectionArgs, c, (m) => m.id);
        const nodes = page.nodes.map((m) => this.image(m, c));
        return { edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i] })), nodes, pageInfo: page.pageInfo };
      },
      featuredMedia: record.media[0] ? this.media(record.media[0], ctx) : null,
      featuredImage: images[0] ? this.image(images[0], ctx) : null,
      collections: (args: Args, c: SimContext) => {
        const list = this.model.collectionsOf(record).filter((coll) => matchesSearch(coll, parseSearch(args.query as string), COLLECTION_QUERY));
        const page = connection(list, args as ConnectionArgs, c, (coll) => coll.id);
        const nodes = page.nodes.map((coll) => this.collection(coll, c));
        return { edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i] })), nodes, pageInfo: page.pageInfo };
      },
      inCollection: (args: Args) => {
        const collection = this.state.collection(numericId(args.id, "Collection") ?? -1);
        return collection ? this.model.inCollection(record, collection) : false;
      },
      ...this.metafieldFields(record.metafields, "Product", self),
    };
  }

  variant(product: ProductRecord, record: VariantRecord, ctx: SimContext): Gql {
    const self = () => this.variant(product, record, ctx);
    const available = () => this.model.variantAvailable(record.id);
    return {
      __typename: "ProductVariant",
      id: gid("ProductVariant", record.id),
      legacyResourceId: String(record.id),
      title: record.title,
      displayName: `${product.title} - ${record.title}`,
      position: record.position,
      price: record.price,
      compareAtPrice: record.compareAtPrice,
      sku: record.sku,
      barcode: record.barcode,
      taxable: record.taxable,
      taxCode: null,
      inventoryPolicy: record.inventoryPolicy,
      inventoryQuantity: () => (record.tracked ? available() : null),
      availableForSale: () => product.status === "ACTIVE" && (!record.tracked || record.inventoryPolicy === "CONTINUE" || available() > 0),
      sellableOnlineQuantity: () => available(),
      requiresComponents: false,
      selectedOptions: record.selectedOptions.map((s) => {
        const option = product.options.find((o) => o.name === s.name);
        const value = option?.values.find((v) => v.name === s.value);
        return {
          name: s.name,
          value: s.value,
          optionValue: { __typename: "ProductOptionValue", id: gid("ProductOptionValue", value?.id ?? 0), name: s.value, hasVariants: true, linkedMetafieldValue: null, swatch: null },
        };
      }),
      image: null,
      media: (args: Args, c: SimContext) => lazyConnection([], args, c, () => null),
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      product: () => this.product(product, ctx),
      inventoryItem: () => this.inventoryItem(product, record, ctx),
      ...this.metafieldFields(record.metafields, "ProductVariant", self),
    };
  }

  inventoryItem(product: ProductRecord, variant: VariantRecord, ctx: SimContext): Gql {
    const itemId = itemIdOf(variant.id);
    const levels = () => this.model.levelsOfItem(itemId);
    return {
      __typename: "InventoryItem",
      id: gid("InventoryItem", itemId),
      legacyResourceId: String(itemId),
      sku: variant.sku,
      tracked: variant.tracked,
      trackedEditable: { locked: false, reason: null },
      requiresShipping: variant.requiresShipping,
      unitCost: variant.unitCost === null ? null : moneyV2(variant.unitCost),
      measurement: {
        id: gid("InventoryItemMeasurement", itemId),
        // Shopify answers the weight in the unit it was set in, not converted to the shop's unit.
        weight: variant.weight ? { ...variant.weight } : { unit: "GRAMS", value: variant.weightGrams },
      },
      countryCodeOfOrigin: null,
      provinceCodeOfOrigin: null,
      harmonizedSystemCode: null,
      countryHarmonizedSystemCodes: (args: Args, c: SimContext) => lazyConnection([], args, c, () => null),
      duplicateSkuCount: 0,
      inventoryHistoryUrl: null,
      createdAt: variant.createdAt,
      updatedAt: variant.updatedAt,
      locationsCount: () => count(levels().length),
      variant: () => this.variant(product, variant, ctx),
      inventoryLevel: (args: Args) => {
        const location = this.state.location(numericId(args.locationId, "Location") ?? -1);
        const level = location && levels().find((l) => l.locationIndex === location.index);
        return level ? this.inventoryLevel(level, ctx) : null;
      },
      inventoryLevels: (args: Args, c: SimContext) => this.levelConnection(levels(), args, c),
    };
  }

  levelConnection(levels: LevelRef[], args: Args, ctx: SimContext): Gql {
    const terms = parseSearch(args.query as string | undefined);
    const filtered = terms.length ? levels.filter((l) => matchesSearch(l, terms, this.levelQueryFields(), "updated_at")) : levels;
    const page = connection(filtered, args as ConnectionArgs, ctx, (l) => levelIdOf(l.itemId, l.locationIndex));
    const nodes = page.nodes.map((l) => this.inventoryLevel(l, ctx));
    return { edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i] })), nodes, pageInfo: page.pageInfo };
  }

  private levelQueryFields(): SearchFields<LevelRef> {
    return {
      updated_at: { kind: "date", get: (l) => this.model.quantities(l).updatedAt },
      inventory_item_id: { kind: "number", get: (l) => l.itemId },
      location_id: { kind: "number", get: (l) => this.state.locations()[l.locationIndex]?.id },
    };
  }

  inventoryLevel(level: LevelRef, ctx: SimContext): Gql {
    const levelId = levelIdOf(level.itemId, level.locationIndex);
    const quantities = this.model.quantities(level);
    const location = this.state.locations()[level.locationIndex];
    return {
      __typename: "InventoryLevel",
      // Shopify's level GIDs carry the item as a query parameter.
      id: `${gid("InventoryLevel", levelId)}?inventory_item_id=${level.itemId}`,
      canDeactivate: level.locationIndex !== 0,
      deactivationAlert: null,
      createdAt: location.createdAt,
      updatedAt: quantities.updatedAt,
      quantities: (args: Args) => quantityList(levelId, quantities, args.names as string[]),
      scheduledChanges: (args: Args, c: SimContext) => lazyConnection([], args, c, () => null),
      location: () => this.location(location, ctx),
      item: () => {
        const found = this.state.variant(variantIdOfItem(level.itemId));
        return found ? this.inventoryItem(found.product, found.variant, ctx) : null;
      },
    };
  }

  location(record: LocationRecord, ctx: SimContext): Gql {
    const self = () => this.location(record, ctx);
    const a = record.address;
    return {
      __typename: "Location",
      id: gid("Location", record.id),
      legacyResourceId: String(record.id),
      name: record.name,
      address: {
        ...a,
        formatted: [a.address1, a.address2, `${a.city} ${a.provinceCode} ${a.zip}`, a.country].filter(Boolean),
        latitude: null,
        longitude: null,
      },
      addressVerified: true,
      isActive: true,
      isPrimary: record.index === 0,
      activatable: false,
      deactivatable: record.index !== 0,
      deactivatedAt: null,
      deletable: false,
      fulfillsOnlineOrders: record.fulfillsOnlineOrders,
      hasActiveInventory: true,
      hasUnfulfilledOrders: false,
      isFulfillmentService: false,
      fulfillmentService: null,
      shipsInventory: true,
      localPickupSettingsV2: null,
      suggestedAddresses: [],
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      inventoryLevel: (args: Args) => {
        const itemId = numericId(args.inventoryItemId, "InventoryItem") ?? -1;
        const found = this.state.variant(variantIdOfItem(itemId));
        const level = found && this.model.levelsOfItem(itemId).find((l) => l.locationIndex === record.index);
        return level ? this.inventoryLevel(level, ctx) : null;
      },
      inventoryLevels: (args: Args, c: SimContext) => this.levelConnection(this.model.levelsAtLocation(record.index), args, c),
      ...this.metafieldFields(record.metafields, "Location", self),
    };
  }

  collection(record: CollectionRecord, ctx: SimContext): Gql {
    const self = () => this.collection(record, ctx);
    return {
      __typename: "Collection",
      id: gid("Collection", record.id),
      legacyResourceId: String(record.id),
      title: record.title,
      handle: record.handle,
      descriptionHtml: record.descriptionHtml,
      description: () => record.descriptionHtml.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim(),
      sortOrder: record.sortOrder,
      templateSuffix: record.templateSuffix,
      seo: record.seo,
      ruleSet: record.ruleSet,
      image: record.image ? { __typename: "Image", id: gid("CollectionImage", record.id), ...record.image, url: () => record.image?.url, src: record.image.url, originalSrc: record.image.url, transformedSrc: () => record.image?.url } : null,
      updatedAt: record.updatedAt,
      feedback: null,
      products: (args: Args, c: SimContext) =>
        lazyConnection(this.model.productIdsIn(record), args, c, (id) => this.product(this.state.product(id) as ProductRecord, c)),
      productsCount: () => count(this.model.productIdsIn(record).length),
      hasProduct: (args: Args) => {
        const product = this.state.product(numericId(args.id, "Product") ?? -1);
        return product ? this.model.inCollection(product, record) : false;
      },
      ...this.metafieldFields(record.metafields, "Collection", self),
    };
  }
}

const COLLECTION_QUERY: SearchFields<CollectionRecord> = {
  id: { kind: "number", get: (c) => c.id },
  title: { kind: "text", get: (c) => c.title },
  handle: { kind: "text", get: (c) => c.handle },
  collection_type: { kind: "text", get: (c) => c.kind },
  updated_at: { kind: "date", get: (c) => c.updatedAt },
};

/** on_hand is the sum of the states Shopify counts as physically present. */
export function onHand(q: LevelQuantities): number {
  return q.available + q.committed + q.reserved + q.damaged + q.safety_stock + q.quality_control;
}

export function quantityOf(q: LevelQuantities, name: string): number {
  return name === "on_hand" ? onHand(q) : (q[name as Exclude<(typeof QUANTITY_NAMES)[number], "on_hand">] ?? 0);
}

function quantityList(levelId: number, q: LevelQuantities, names: string[]): Gql[] {
  for (const name of names) {
    if (!(QUANTITY_NAMES as readonly string[]).includes(name)) {
      // Shopify rejects unknown quantity names with a top-level error.
      throw new SimUserError(`Invalid quantity name: ${name}`, "names");
    }
  }
  return names.map((name) => ({
    __typename: "InventoryQuantity",
    id: `${gid("InventoryQuantity", levelId)}?name=${name}`,
    name,
    quantity: quantityOf(q, name),
    updatedAt: q.updatedAt,
  }));
}
