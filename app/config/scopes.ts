/**
 * The access scopes Snapshelf asks for: read everything it backs up, write
 * everything it restores. Must equal `[access_scopes] scopes` in
 * shopify.app.toml (a test holds them together).
 */
export const DEFAULT_SCOPES: readonly string[] = [
  "read_products",
  "write_products",
  "read_customers",
  "write_customers",
  "read_orders",
  "write_orders",
  "read_all_orders",
  "read_inventory",
  "write_inventory",
  "read_content",
  "write_content",
  "read_online_store_pages",
  "read_online_store_navigation",
  "write_online_store_navigation",
  "read_themes",
  "write_themes",
  "read_metaobjects",
  "write_metaobjects",
  "read_metaobject_definitions",
  "write_metaobject_definitions",
  "read_files",
  "write_files",
  "read_locations",
];
