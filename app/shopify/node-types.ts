/**
 * Which concrete types the nodes of a connection field can have. Bulk JSONL
 * lines carry no connection name, only the node's id (and `__typename` when
 * selected), so the runner tells `variants` from `metafields` children by
 * their type. Kept as data (checked against the Admin schema in
 * node-types.test.ts) so the runtime needs no 9 MB schema.
 */
export const CONNECTION_NODE_TYPES: Readonly<Record<string, readonly string[]>> = {
  products: ["Product"],
  productVariants: ["ProductVariant"],
  variants: ["ProductVariant"],
  media: ["MediaImage", "Video", "ExternalVideo", "Model3d"],
  images: ["Image"],
  metafields: ["Metafield"],
  collections: ["Collection"],
  locations: ["Location"],
  inventoryItems: ["InventoryItem"],
  inventoryLevels: ["InventoryLevel"],
  customers: ["Customer"],
  addressesV2: ["MailingAddress"],
  orders: ["Order"],
  lineItems: ["LineItem"],
  fulfillmentOrders: ["FulfillmentOrder"],
  metaobjects: ["Metaobject"],
  metaobjectDefinitions: ["MetaobjectDefinition"],
  metafieldDefinitions: ["MetafieldDefinition"],
  pages: ["Page"],
  blogs: ["Blog"],
  articles: ["Article"],
  urlRedirects: ["UrlRedirect"],
  menus: ["Menu"],
};

/** The type name inside a Shopify GID (gid://shopify/ProductVariant/1 → ProductVariant). */
export function gidType(id: unknown): string | undefined {
  if (typeof id !== "string") return undefined;
  const match = /^gid:\/\/shopify\/([^/]+)\//.exec(id);
  return match?.[1];
}
