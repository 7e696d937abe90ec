/**
 * REST-shaped webhook payloads (shopify.dev webhook topics reference):
 * snake_case, numeric ids, `admin_graphql_api_id`, tags as a comma string,
 * lowercase status.
 */
import { gid } from "../core";
import { itemIdOf, levelIdOf } from "./ids";
import type { CollectionRecord, LevelQuantities, ProductRecord } from "./types";

type Payload = Record<string, unknown>;

/** products/create and products/update body. */
export function productPayload(product: ProductRecord, inventory: (variantId: number) => number): Payload {
  const images = product.media.filter((m) => m.status === "READY");
  return {
    id: product.id,
    admin_graphql_api_id: gid("Product", product.id),
    title: product.title,
    body_html: product.descriptionHtml,
    vendor: product.vendor,
    product_type: product.productType,
    handle: product.handle,
    created_at: product.createdAt,
    updated_at: product.updatedAt,
    published_at: product.publishedAt,
    template_suffix: product.templateSuffix,
    published_scope: "global",
    tags: product.tags.join(", "),
    status: product.status.toLowerCase(),
    variants: product.variants.map((v) => ({
      id: v.id,
      admin_graphql_api_id: gid("ProductVariant", v.id),
      product_id: product.id,
      title: v.title,
      price: v.price,
      compare_at_price: v.compareAtPrice,
      sku: v.sku ?? "",
      barcode: v.barcode,
      position: v.position,
      inventory_policy: v.inventoryPolicy.toLowerCase(),
      option1: v.selectedOptions[0]?.value ?? null,
      option2: v.selectedOptions[1]?.value ?? null,
      option3: v.selectedOptions[2]?.value ?? null,
      taxable: v.taxable,
      inventory_item_id: itemIdOf(v.id),
      inventory_quantity: inventory(v.id),
      created_at: v.createdAt,
      updated_at: v.updatedAt,
    })),
    options: product.options.map((o) => ({
      id: o.id,
      product_id: product.id,
      name: o.name,
      position: o.position,
      values: o.values.map((v) => v.name),
    })),
    images: images.map((m, i) => ({
      id: m.id,
      admin_graphql_api_id: gid("ProductImage", m.id),
      product_id: product.id,
      position: i + 1,
      alt: m.alt,
      width: m.width,
      height: m.height,
      created_at: m.createdAt,
      updated_at: m.updatedAt,
    })),
    image: images[0] ? { id: images[0].id, product_id: product.id, alt: images[0].alt } : null,
    media: product.media.map((m, i) => ({
      id: m.id,
      admin_graphql_api_id: gid("MediaImage", m.id),
      product_id: product.id,
      position: i + 1,
      media_content_type: "IMAGE",
      alt: m.alt,
      status: m.status.toLowerCase(),
    })),
    variant_gids: product.variants.map((v) => ({ admin_graphql_api_id: gid("ProductVariant", v.id), updated_at: v.updatedAt })),
  };
}

/** products/delete body: only the id, as Shopify sends. */
export function productDeletePayload(id: number): Payload {
  return { id };
}

/** collections/create and collections/update body. */
export function collectionPayload(collection: CollectionRecord): Payload {
  const body: Payload = {
    id: collection.id,
    admin_graphql_api_id: gid("Collection", collection.id),
    handle: collection.handle,
    title: collection.title,
    updated_at: collection.updatedAt,
    body_html: collection.descriptionHtml,
    published_at: collection.publishedAt,
    sort_order: collection.sortOrder.toLowerCase().replace(/_/g, "-"),
    template_suffix: collection.templateSuffix,
    published_scope: "web",
  };
  if (collection.ruleSet) {
    body.disjunctive = collection.ruleSet.appliedDisjunctively;
    body.rules = collection.ruleSet.rules.map((r) => ({
      column: r.column.toLowerCase(),
      relation: r.relation.toLowerCase(),
      condition: r.condition,
    }));
  }
  return body;
}

/** collections/delete body. */
export function collectionDeletePayload(id: number, updatedAt: string): Payload {
  return { id, published_scope: "web", updated_at: updatedAt };
}

/** inventory_levels/update body. */
export function inventoryLevelPayload(itemId: number, locationId: number, locationIndex: number, q: LevelQuantities): Payload {
  return {
    inventory_item_id: itemId,
    location_id: locationId,
    available: q.available,
    updated_at: q.updatedAt,
    admin_graphql_api_id: `${gid("InventoryLevel", levelIdOf(itemId, locationIndex))}?inventory_item_id=${itemId}`,
  };
}
