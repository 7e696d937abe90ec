/**
 * Bulk queries for metaobjects and their definitions. `metaobjects` needs a
 * `type`, so entries are read per definition type with
 * `bulkMetaobjectsDocument(type)`; definitions come first (restore order).
 */

export const BULK_METAOBJECT_DEFINITIONS = `query SnapshelfBulkMetaobjectDefinitions {
  metaobjectDefinitions {
    edges {
      node {
        id
        type
        name
        description
        displayNameKey
        access { admin storefront }
        capabilities {
          publishable { enabled }
          translatable { enabled }
          renderable { enabled }
          onlineStore { enabled }
        }
        fieldDefinitions {
          key
          name
          description
          required
          type { name category }
          validations { name value }
        }
      }
    }
  }
}`;

/** The bulk query for every metaobject of one definition type. */
export function bulkMetaobjectsDocument(type: string): string {
  // JSON string syntax is valid GraphQL string syntax, so this escapes the type safely.
  return `query SnapshelfBulkMetaobjects {
  metaobjects(type: ${JSON.stringify(type)}) {
    edges {
      node {
        id
        handle
        type
        displayName
        updatedAt
        capabilities { publishable { status } onlineStore { templateSuffix } }
        fields { key type value }
      }
    }
  }
}`;
}

/** The shape of bulkMetaobjectsDocument, exported so the schema test validates it. */
export const BULK_METAOBJECTS_EXAMPLE = bulkMetaobjectsDocument("example_type");
