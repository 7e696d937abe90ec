/** Online-store content for backups (no webhook topics exist: paged queries, polled). */
import { bulkDocument, byIdDocument, metafields, pagedDocument, type Selection } from "./backup-selection";

export const PAGE_SELECTION: Selection = (mode) =>
  `id title handle body isPublished publishedAt templateSuffix createdAt updatedAt ${metafields(mode)}`;
export const BACKUP_PAGES_PAGE = pagedDocument("SnapshelfBackupPagesPage", "pages", PAGE_SELECTION);
export const BACKUP_PAGES_BY_ID = byIdDocument("SnapshelfBackupPagesById", "Page", PAGE_SELECTION);

export const BLOG_SELECTION: Selection = (mode) =>
  `id title handle commentPolicy templateSuffix tags createdAt updatedAt feed { location path } ${metafields(mode)}`;
export const BACKUP_BLOGS_PAGE = pagedDocument("SnapshelfBackupBlogsPage", "blogs", BLOG_SELECTION);
export const BACKUP_BLOGS_BY_ID = byIdDocument("SnapshelfBackupBlogsById", "Blog", BLOG_SELECTION);

export const ARTICLE_SELECTION: Selection = (mode) =>
  `id title handle body summary tags isPublished publishedAt templateSuffix createdAt updatedAt
  blog { id } author { name } image { url altText width height } ${metafields(mode)}`;
export const BACKUP_ARTICLES_PAGE = pagedDocument("SnapshelfBackupArticlesPage", "articles", ARTICLE_SELECTION);
export const BACKUP_ARTICLES_BY_ID = byIdDocument("SnapshelfBackupArticlesById", "Article", ARTICLE_SELECTION);

export const REDIRECT_SELECTION: Selection = () => "id path target";
export const BACKUP_REDIRECTS_PAGE = pagedDocument("SnapshelfBackupRedirectsPage", "urlRedirects", REDIRECT_SELECTION);
export const BACKUP_REDIRECTS_BY_ID = byIdDocument("SnapshelfBackupRedirectsById", "UrlRedirect", REDIRECT_SELECTION);

// Menus nest items three levels deep (Shopify's limit); items are lists, not connections.
const ITEM = "id title type resourceId url tags";
export const MENU_SELECTION: Selection = () =>
  `id title handle isDefault items { ${ITEM} items { ${ITEM} items { ${ITEM} } } }`;
export const BACKUP_MENUS_PAGE = pagedDocument("SnapshelfBackupMenusPage", "menus", MENU_SELECTION);
export const BACKUP_MENUS_BY_ID = byIdDocument("SnapshelfBackupMenusById", "Menu", MENU_SELECTION);

/** Metaobject definitions (restored before their entries). */
export const METAOBJECT_DEFINITION_SELECTION: Selection = () => `id type name description displayNameKey
  access { admin storefront }
  capabilities { publishable { enabled } translatable { enabled } renderable { enabled } onlineStore { enabled } }
  fieldDefinitions { key name description required type { name category } validations { name value } }`;
export const BACKUP_METAOBJECT_DEFINITIONS_PAGE = pagedDocument("SnapshelfBackupMetaobjectDefinitionsPage", "metaobjectDefinitions", METAOBJECT_DEFINITION_SELECTION);
export const BACKUP_METAOBJECT_DEFINITIONS_BY_ID = byIdDocument("SnapshelfBackupMetaobjectDefinitionsById", "MetaobjectDefinition", METAOBJECT_DEFINITION_SELECTION);

/** Metaobject entries; `metaobjects` needs the definition type ($type). */
export const METAOBJECT_SELECTION: Selection = () =>
  `id handle type displayName updatedAt capabilities { publishable { status } onlineStore { templateSuffix } } fields { key type value }`;
export const BACKUP_METAOBJECTS_PAGE = pagedDocument("SnapshelfBackupMetaobjectsPage", "metaobjects", METAOBJECT_SELECTION, "type: $type", "$type: String!");
/** Bulk form for one definition type (bulk documents take no variables; JSON string syntax is GraphQL string syntax). */
export function backupMetaobjectsBulk(type: string): string {
  return bulkDocument("SnapshelfBackupMetaobjects", "metaobjects", METAOBJECT_SELECTION, `type: ${JSON.stringify(type)}`);
}
export const BACKUP_METAOBJECTS_BULK_EXAMPLE = backupMetaobjectsBulk("example_type");
export const BACKUP_METAOBJECTS_BY_ID = byIdDocument("SnapshelfBackupMetaobjectsById", "Metaobject", METAOBJECT_SELECTION);

/** Metafield definitions; `metafieldDefinitions` needs the owner type ($ownerType). */
export const METAFIELD_DEFINITION_SELECTION: Selection = () => `id namespace key name description ownerType pinnedPosition
  useAsCollectionCondition type { name category } validations { name value } access { admin storefront }`;
export const BACKUP_METAFIELD_DEFINITIONS_PAGE = pagedDocument(
  "SnapshelfBackupMetafieldDefinitionsPage",
  "metafieldDefinitions",
  METAFIELD_DEFINITION_SELECTION,
  "ownerType: $ownerType",
  "$ownerType: MetafieldOwnerType!",
);
export const BACKUP_METAFIELD_DEFINITIONS_BY_ID = byIdDocument("SnapshelfBackupMetafieldDefinitionsById", "MetafieldDefinition", METAFIELD_DEFINITION_SELECTION);
