/** Theme restore: create a theme from a zip URL, read live files, write and delete files. */

/** Creates a theme from a zip URL; Shopify downloads it and imports it in the background (`processing`). */
export const RESTORE_THEME_CREATE = `mutation SnapshelfRestoreThemeCreate($source: URL!, $name: String!, $role: ThemeRole) {
  themeCreate(source: $source, name: $name, role: $role) {
    theme { id name role processing processingFailed createdAt }
    userErrors { field message code }
  }
}`;

/** Polled until the imported theme stops processing. */
export const RESTORE_THEME_STATUS = `query SnapshelfRestoreThemeStatus($id: ID!) {
  theme(id: $id) { id name role processing processingFailed }
}`;

/** Live themes (the file-level restore target picker). */
export const RESTORE_THEME_LIST = `query SnapshelfRestoreThemeList($first: Int!) {
  themes(first: $first) { nodes { id name role processing updatedAt } }
}`;

/** One page of a theme's file metadata, no bodies (diff and verification). */
export const RESTORE_THEME_FILE_CHECKSUMS = `query SnapshelfRestoreThemeFileChecksums($id: ID!, $first: Int!, $after: String) {
  theme(id: $id) {
    id name role processing
    files(first: $first, after: $after) {
      nodes { filename checksumMd5 size contentType updatedAt }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

/** Bodies of named files (≤ 50 names a call): text diffs and files without a checksum. */
export const RESTORE_THEME_FILE_BODIES = `query SnapshelfRestoreThemeFileBodies($id: ID!, $filenames: [String!]!, $first: Int!, $after: String) {
  theme(id: $id) {
    id
    files(filenames: $filenames, first: $first, after: $after) {
      nodes {
        filename checksumMd5 size
        body {
          __typename
          ... on OnlineStoreThemeFileBodyText { content }
          ... on OnlineStoreThemeFileBodyBase64 { contentBase64 }
          ... on OnlineStoreThemeFileBodyUrl { url }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

/** Writes up to 50 files; needs Shopify's write_themes exemption. */
export const RESTORE_THEME_FILES_UPSERT = `mutation SnapshelfRestoreThemeFilesUpsert($themeId: ID!, $files: [OnlineStoreThemeFilesUpsertFileInput!]!) {
  themeFilesUpsert(themeId: $themeId, files: $files) {
    upsertedThemeFiles { filename }
    job { id done }
    userErrors { field message code filename }
  }
}`;

/** Deletes named files; needs Shopify's write_themes exemption. */
export const RESTORE_THEME_FILES_DELETE = `mutation SnapshelfRestoreThemeFilesDelete($themeId: ID!, $files: [String!]!) {
  themeFilesDelete(themeId: $themeId, files: $files) {
    deletedThemeFiles { filename }
    userErrors { field message code filename }
  }
}`;
