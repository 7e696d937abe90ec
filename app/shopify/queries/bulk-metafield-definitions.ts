/**
 * Bulk queries for metafield definitions. `metafieldDefinitions` needs an
 * `ownerType`, and a bulk query holds ≤ 5 connections, so owner types are
 * split over aliased root connections, five per query.
 */

/** Owner types whose definitions Snapshelf backs up (the owners of data it backs up). */
export const METAFIELD_OWNER_TYPES = [
  "PRODUCT",
  "PRODUCTVARIANT",
  "COLLECTION",
  "CUSTOMER",
  "ORDER",
  "LOCATION",
  "PAGE",
  "BLOG",
  "ARTICLE",
  "SHOP",
] as const;

const DEFINITION_FIELDS = `
        id
        namespace
        key
        name
        description
        ownerType
        pinnedPosition
        useAsCollectionCondition
        type { name category }
        validations { name value }
        access { admin storefront }`;

/** One bulk query over up to five owner types (aliased root connections). */
export function bulkMetafieldDefinitionsDocument(ownerTypes: readonly string[]): string {
  if (ownerTypes.length === 0 || ownerTypes.length > 5) throw new Error("1 to 5 owner types per bulk query");
  const roots = ownerTypes
    .map((ownerType) => {
      if (!/^[A-Z_]+$/.test(ownerType)) throw new Error(`Not a MetafieldOwnerType: ${ownerType}`);
      return `  ${ownerType.toLowerCase()}: metafieldDefinitions(ownerType: ${ownerType}) {
    edges {
      node {${DEFINITION_FIELDS}
      }
    }
  }`;
    })
    .join("\n");
  return `query SnapshelfBulkMetafieldDefinitions {\n${roots}\n}`;
}

/** Definitions of the first five owner types. */
export const BULK_METAFIELD_DEFINITIONS_A = bulkMetafieldDefinitionsDocument(METAFIELD_OWNER_TYPES.slice(0, 5));
/** Definitions of the other five owner types. */
export const BULK_METAFIELD_DEFINITIONS_B = bulkMetafieldDefinitionsDocument(METAFIELD_OWNER_TYPES.slice(5));
