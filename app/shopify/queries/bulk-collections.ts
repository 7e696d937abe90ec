/** Bulk query for collections: smart rules, custom membership (products), metafields: 3 connections. */
export const BULK_COLLECTIONS = `query SnapshelfBulkCollections {
  collections {
    edges {
      node {
        id
        legacyResourceId
        title
        handle
        descriptionHtml
        sortOrder
        templateSuffix
        updatedAt
        seo { title description }
        image { url altText width height }
        ruleSet {
          appliedDisjunctively
          rules { column relation condition }
        }
        products {
          edges {
            node { id }
          }
        }
        metafields {
          edges {
            node { id namespace key type value createdAt updatedAt }
          }
        }
      }
    }
  }
}`;
