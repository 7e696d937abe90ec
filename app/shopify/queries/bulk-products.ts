/**
 * Bulk queries for the catalog's products. Shopify allows ≤ 5 connections
 * and ≤ 2 levels of nesting per bulk query, so variant metafields (a third
 * level) have their own query over productVariants.
 */

/** Products with options, SEO, variants (+ inventory item), media, metafields and collection membership: 5 connections. */
export const BULK_PRODUCTS = `query SnapshelfBulkProducts {
  products {
    edges {
      node {
        id
        legacyResourceId
        title
        handle
        descriptionHtml
        vendor
        productType
        tags
        status
        templateSuffix
        isGiftCard
        requiresSellingPlan
        createdAt
        updatedAt
        publishedAt
        seo { title description }
        options { id name position values optionValues { id name hasVariants } }
        variants {
          edges {
            node {
              id
              legacyResourceId
              title
              position
              sku
              barcode
              price
              compareAtPrice
              taxable
              inventoryPolicy
              createdAt
              updatedAt
              selectedOptions { name value }
              inventoryItem {
                id
                sku
                tracked
                requiresShipping
                unitCost { amount currencyCode }
                measurement { weight { unit value } }
              }
            }
          }
        }
        media {
          edges {
            node {
              id
              alt
              mediaContentType
              status
              ... on MediaImage {
                mimeType
                createdAt
                updatedAt
                image { url altText width height }
                originalSource { url fileSize }
              }
              ... on Video { sources { url mimeType format height width } videoSource: originalSource { url mimeType format } }
              ... on ExternalVideo { originUrl embedUrl host }
              ... on Model3d { sources { url mimeType format filesize } modelSource: originalSource { url mimeType format filesize } }
            }
          }
        }
        metafields {
          edges {
            node { id namespace key type value createdAt updatedAt }
          }
        }
        collections {
          edges {
            node { id handle }
          }
        }
      }
    }
  }
}`;

/** Metafields of every variant (a third nesting level under products, so a query of its own). */
export const BULK_VARIANT_METAFIELDS = `query SnapshelfBulkVariantMetafields {
  productVariants {
    edges {
      node {
        id
        product { id }
        metafields {
          edges {
            node { id namespace key type value createdAt updatedAt }
          }
        }
      }
    }
  }
}`;
