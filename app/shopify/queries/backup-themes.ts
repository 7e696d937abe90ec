/** Themes and theme files for backups: `themes` and `theme(id){files}` paged (no bulk form exists). */

export const BACKUP_THEMES_PAGE = `query SnapshelfBackupThemes($first: Int!, $after: String) {
  themes(first: $first, after: $after) {
    edges { node { id name role themeStoreId createdAt updatedAt processing processingFailed } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const FILE = `filename checksumMd5 contentType size createdAt updatedAt
  body {
    __typename
    ... on OnlineStoreThemeFileBodyText { content }
    ... on OnlineStoreThemeFileBodyBase64 { contentBase64 }
    ... on OnlineStoreThemeFileBodyUrl { url }
  }`;

/** One page of a theme's files; Shopify may cut a page short by payload size, so follow endCursor. */
export const BACKUP_THEME_FILES_PAGE = `query SnapshelfBackupThemeFiles($id: ID!, $first: Int!, $after: String) {
  theme(id: $id) {
    id
    files(first: $first, after: $after) {
      edges { node { ${FILE} } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

/** Named files of one theme (incremental re-fetch after themes/update). */
export const BACKUP_THEME_FILES_BY_NAME = `query SnapshelfBackupThemeFilesByName($id: ID!, $filenames: [String!]!) {
  theme(id: $id) {
    id
    files(filenames: $filenames, first: 50) {
      edges { node { ${FILE} } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

/** Shop settings and policies the API exposes. */
export const BACKUP_SHOP = `query SnapshelfBackupShop {
  shop {
    id name email contactEmail myshopifyDomain currencyCode enabledPresentmentCurrencies ianaTimezone weightUnit unitSystem
    taxesIncluded taxShipping orderNumberFormatPrefix orderNumberFormatSuffix
    shopPolicies { id type title body url createdAt updatedAt }
  }
}`;

/** Counts for progress (expected records); limit: null asks for exact counts where Shopify allows. */
export const BACKUP_COUNTS = `query SnapshelfBackupCounts {
  productsCount(limit: null) { count }
  collectionsCount { count }
  customersCount { count }
  ordersCount(limit: null) { count }
  locationsCount { count }
  pagesCount { count }
  blogsCount { count }
  urlRedirectsCount { count }
}`;
