/** Bulk query for inventory: every location and its inventory levels with the quantities restore compares against: 2 connections. */
export const BULK_INVENTORY_LEVELS = `query SnapshelfBulkInventory {
  locations(includeInactive: true) {
    edges {
      node {
        id
        legacyResourceId
        name
        isActive
        fulfillsOnlineOrders
        updatedAt
        address { address1 address2 city provinceCode zip countryCode phone }
        inventoryLevels {
          edges {
            node {
              id
              updatedAt
              item { id sku }
              quantities(names: ["available", "on_hand", "committed", "incoming", "reserved", "damaged", "safety_stock", "quality_control"]) {
                name
                quantity
              }
            }
          }
        }
      }
    }
  }
}`;
