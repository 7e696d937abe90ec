/** Incremental backups: the inventory levels of given inventory items (new or changed variants stock new levels silently). */
import { childPagesDocument, conn } from "./backup-selection";
import { INVENTORY_LEVEL_SELECTION } from "./backup-products";

export const BACKUP_INVENTORY_LEVELS_BY_ITEM = `query SnapshelfBackupInventoryLevelsByItem($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    ... on InventoryItem { id ${conn("paged", "inventoryLevels", 50, INVENTORY_LEVEL_SELECTION("paged"))} }
  }
}`;

/** The rest of an inventory item's levels (an item stocked at more than 50 locations). */
export const BACKUP_ITEM_MORE_LEVELS = childPagesDocument("SnapshelfBackupItemMoreLevels", "InventoryItem", "inventoryLevels", 100, INVENTORY_LEVEL_SELECTION("paged"));

