/** Restore writes for products (productSet upsert, inventory compare-and-set, staged uploads) and the small reads a restore plan needs. */

/** productSet upsert (identifier id or handle); answers the ids a re-created product was given. */
export const RESTORE_PRODUCT_SET = `mutation SnapshelfRestoreProductSet($identifier: ProductSetIdentifiers, $input: ProductSetInput!) {
  ${productSetCall()}
}`;

/**
 * The productSet call and the answer a restore step reads (the ids a
 * re-created product was given); the bulk document sends the same, so a
 * bulk result line is read exactly like a direct answer.
 */
export function productSetCall(): string {
  return `productSet(identifier: $identifier, input: $input, synchronous: true) {
    product {
      id handle
      variants(first: 100) { nodes { id position inventoryItem { id } } }
      media(first: 50) { nodes { id } }
    }
    userErrors { field message code }
  }`;
}

/** Absolute set of `available` with compare-and-set against the value the plan saw. */
export const RESTORE_INVENTORY_SET = `mutation SnapshelfRestoreInventorySet($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { id }
    userErrors { field message code }
  }
}`;

/** Upload targets for backed-up media bytes whose CDN original is gone. */
export const RESTORE_STAGED_UPLOADS = `mutation SnapshelfRestoreStagedUploads($input: [StagedUploadInput!]!) {
  stagedUploadsCreate(input: $input) {
    stagedTargets { url resourceUrl parameters { name value } }
    userErrors { field message }
  }
}`;

/** Deletes a product (undo of a re-create: the safety net held no such product). */
export const RESTORE_PRODUCT_DELETE = `mutation SnapshelfRestoreProductDelete($input: ProductDeleteInput!) {
  productDelete(input: $input) {
    deletedProductId
    userErrors { field message }
  }
}`;

/** Live inventory levels of inventory items, for the diff and compare quantities. */
export const RESTORE_LIVE_LEVELS = `query SnapshelfRestoreLiveLevels($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    ... on InventoryItem {
      id
      inventoryLevels(first: 50) {
        edges { node { id updatedAt item { id sku } location { id } quantities(names: ["available", "on_hand", "committed", "incoming", "reserved", "damaged", "safety_stock", "quality_control"]) { name quantity } } }
        pageInfo { hasNextPage }
      }
    }
  }
}`;

/** Which collections still exist and whether they are smart (rule-based membership cannot be written). */
export const RESTORE_COLLECTION_KINDS = `query SnapshelfRestoreCollectionKinds($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    ... on Collection { id ruleSet { appliedDisjunctively } }
  }
}`;

/**
 * The live product holding a handle, if any (re-create guard). A direct
 * lookup, not a search: a search query scans the catalog.
 */
export const RESTORE_PRODUCT_BY_HANDLE = `query SnapshelfRestoreProductByHandle($handle: String!) {
  productByIdentifier(identifier: { handle: $handle }) { id handle createdAt }
}`;

/** Every location (re-stocking a new variant needs the location to still exist). */
export const RESTORE_LOCATIONS = `query SnapshelfRestoreLocations {
  locations(first: 250, includeInactive: true) { nodes { id } }
}`;

