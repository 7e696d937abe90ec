/**
 * Which record type module a change webhook concerns, and the root GID it
 * names. Only the GID is taken from the payload: the job re-fetches the
 * record itself, because payload contents and delivery order are not to be
 * trusted (Shopify: no ordering guarantee, retries up to 4 h later).
 */
import type { DataType } from "~/services/settings";

/** Module names (RecordTypeModule.name) re-fetched for a topic prefix. */
const TOPIC_MODULES: Record<string, { module: string; gidType: string; dataType: DataType }> = {
  products: { module: "products", gidType: "Product", dataType: "products" },
  collections: { module: "collections", gidType: "Collection", dataType: "collections" },
  inventory_levels: { module: "inventory", gidType: "InventoryLevel", dataType: "inventory" },
  customers: { module: "customers", gidType: "Customer", dataType: "customers" },
  orders: { module: "orders", gidType: "Order", dataType: "orders" },
  metaobjects: { module: "metaobjects", gidType: "Metaobject", dataType: "metaobjects" },
  themes: { module: "themes", gidType: "OnlineStoreTheme", dataType: "themes" },
  shop: { module: "shop", gidType: "Shop", dataType: "shop" },
};

/**
 * The job works change events in two lanes side by side: products,
 * collections and inventory feed each other (membership on both sides, a
 * product's levels) and are the dear ones to re-read; everything else is
 * independent of them, so a burst of product edits (rate-limited re-reads)
 * no longer holds up customers, orders or content behind it.
 */
export type Lane = "catalog" | "other";
const CATALOG_LANE_MODULES = new Set(["products", "collections", "inventory"]);

/** Topic prefixes ("products/") of a lane's events. */
export function laneTopicPrefixes(lane: Lane): string[] {
  return Object.entries(TOPIC_MODULES)
    .filter(([, target]) => CATALOG_LANE_MODULES.has(target.module) === (lane === "catalog"))
    .map(([prefix]) => `${prefix}/`);
}

/** Topics that are not changes to back up although their prefix matches. */
const NOT_CHANGES = new Set(["customers/data_request", "customers/redact", "shop/redact"]);

/** Normalises "PRODUCTS_UPDATE" (library form) or "products/update" to "products/update". */
export function canonicalTopic(topic: string): string {
  if (topic.includes("/")) return topic.toLowerCase();
  const lower = topic.toLowerCase();
  for (const prefix of Object.keys(TOPIC_MODULES)) {
    if (lower.startsWith(`${prefix}_`)) return `${prefix}/${lower.slice(prefix.length + 1)}`;
  }
  return lower;
}

/** The module a change topic concerns, or undefined when the topic is not a change to back up. */
export function topicTarget(topic: string): { module: string; gidType: string; dataType: DataType } | undefined {
  const canonical = canonicalTopic(topic);
  if (NOT_CHANGES.has(canonical)) return undefined;
  return TOPIC_MODULES[canonical.split("/")[0]];
}

/**
 * The root GID a webhook payload names: `admin_graphql_api_id` when present
 * (inventory levels carry `?inventory_item_id=` in theirs, kept: it is the
 * level's GID), else built from the numeric `id`; an inventory level without
 * one is named by its inventory item (the job resolves the item's levels).
 */
export function payloadGid(topic: string, payload: unknown): string | null {
  const target = topicTarget(topic);
  if (!target || !payload || typeof payload !== "object") return null;
  const body = payload as Record<string, unknown>;
  if (typeof body.admin_graphql_api_id === "string" && body.admin_graphql_api_id.startsWith("gid://")) return body.admin_graphql_api_id;
  if (target.gidType === "InventoryLevel") {
    const item = body.inventory_item_id;
    return typeof item === "number" || typeof item === "string" ? `gid://shopify/InventoryItem/${item}` : null;
  }
  const id = body.id;
  return typeof id === "number" || typeof id === "string" ? `gid://shopify/${target.gidType}/${id}` : null;
}
