/** Writes of the non-product restores (collections, customers, content, metaobjects). */

const ERRORS = "userErrors { field message }";

export const RESTORE_COLLECTION_CREATE = `mutation SnapshelfRestoreCollectionCreate($input: CollectionInput!) {
  collectionCreate(input: $input) { collection { id } ${ERRORS} }
}`;
export const RESTORE_COLLECTION_UPDATE = `mutation SnapshelfRestoreCollectionUpdate($input: CollectionInput!) {
  collectionUpdate(input: $input) { collection { id } ${ERRORS} }
}`;
export const RESTORE_COLLECTION_ADD = `mutation SnapshelfRestoreCollectionAdd($id: ID!, $productIds: [ID!]!) {
  collectionAddProductsV2(id: $id, productIds: $productIds) { job { id } ${ERRORS} }
}`;
export const RESTORE_COLLECTION_REMOVE = `mutation SnapshelfRestoreCollectionRemove($id: ID!, $productIds: [ID!]!) {
  collectionRemoveProducts(id: $id, productIds: $productIds) { job { id } ${ERRORS} }
}`;
export const RESTORE_COLLECTION_DELETE = `mutation SnapshelfRestoreCollectionDelete($id: ID!) {
  collectionDelete(input: { id: $id }) { deletedCollectionId ${ERRORS} }
}`;
export const RESTORE_COLLECTION_BY_HANDLE = `query SnapshelfRestoreCollectionByHandle($handle: String!) {
  collectionByHandle(handle: $handle) { id }
}`;
/** Which of these GIDs exist live (membership is only restored for products that exist). */
export const RESTORE_EXISTING_NODES = `query SnapshelfRestoreExistingNodes($ids: [ID!]!) {
  nodes(ids: $ids) { id }
}`;

export const RESTORE_CUSTOMER_SET = `mutation SnapshelfRestoreCustomerSet($identifier: CustomerSetIdentifiers, $input: CustomerSetInput!) {
  customerSet(identifier: $identifier, input: $input) { customer { id } ${ERRORS} }
}`;
export const RESTORE_CUSTOMER_DELETE = `mutation SnapshelfRestoreCustomerDelete($id: ID!) {
  customerDelete(input: { id: $id }) { deletedCustomerId ${ERRORS} }
}`;
export const RESTORE_CUSTOMER_BY_EMAIL = `query SnapshelfRestoreCustomerByEmail($email: String!) {
  customerByIdentifier(identifier: { emailAddress: $email }) { id }
}`;
export const RESTORE_METAFIELDS_SET = `mutation SnapshelfRestoreMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) { metafields { id } userErrors { field message code } }
}`;
export const RESTORE_METAFIELDS_DELETE = `mutation SnapshelfRestoreMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
  metafieldsDelete(metafields: $metafields) { deletedMetafields { key namespace ownerId } ${ERRORS} }
}`;

export const RESTORE_PAGE_CREATE = `mutation SnapshelfRestorePageCreate($page: PageCreateInput!) {
  pageCreate(page: $page) { page { id } ${ERRORS} }
}`;
export const RESTORE_PAGE_UPDATE = `mutation SnapshelfRestorePageUpdate($id: ID!, $page: PageUpdateInput!) {
  pageUpdate(id: $id, page: $page) { page { id } ${ERRORS} }
}`;
export const RESTORE_PAGE_DELETE = `mutation SnapshelfRestorePageDelete($id: ID!) {
  pageDelete(id: $id) { deletedPageId ${ERRORS} }
}`;
export const RESTORE_PAGES_BY_HANDLE = `query SnapshelfRestorePagesByHandle($query: String!) {
  pages(first: 10, query: $query) { nodes { id handle } }
}`;

export const RESTORE_BLOG_CREATE = `mutation SnapshelfRestoreBlogCreate($blog: BlogCreateInput!) {
  blogCreate(blog: $blog) { blog { id } ${ERRORS} }
}`;
export const RESTORE_BLOG_UPDATE = `mutation SnapshelfRestoreBlogUpdate($id: ID!, $blog: BlogUpdateInput!) {
  blogUpdate(id: $id, blog: $blog) { blog { id } ${ERRORS} }
}`;
export const RESTORE_BLOG_DELETE = `mutation SnapshelfRestoreBlogDelete($id: ID!) {
  blogDelete(id: $id) { deletedBlogId ${ERRORS} }
}`;
export const RESTORE_BLOGS_BY_HANDLE = `query SnapshelfRestoreBlogsByHandle($query: String!) {
  blogs(first: 10, query: $query) { nodes { id handle } }
}`;

export const RESTORE_ARTICLE_CREATE = `mutation SnapshelfRestoreArticleCreate($article: ArticleCreateInput!) {
  articleCreate(article: $article) { article { id } ${ERRORS} }
}`;
export const RESTORE_ARTICLE_UPDATE = `mutation SnapshelfRestoreArticleUpdate($id: ID!, $article: ArticleUpdateInput!) {
  articleUpdate(id: $id, article: $article) { article { id } ${ERRORS} }
}`;
export const RESTORE_ARTICLE_DELETE = `mutation SnapshelfRestoreArticleDelete($id: ID!) {
  articleDelete(id: $id) { deletedArticleId ${ERRORS} }
}`;
export const RESTORE_ARTICLES_BY_HANDLE = `query SnapshelfRestoreArticlesByHandle($query: String!) {
  articles(first: 10, query: $query) { nodes { id handle blog { id } } }
}`;

export const RESTORE_REDIRECT_CREATE = `mutation SnapshelfRestoreRedirectCreate($urlRedirect: UrlRedirectInput!) {
  urlRedirectCreate(urlRedirect: $urlRedirect) { urlRedirect { id } ${ERRORS} }
}`;
export const RESTORE_REDIRECT_UPDATE = `mutation SnapshelfRestoreRedirectUpdate($id: ID!, $urlRedirect: UrlRedirectInput!) {
  urlRedirectUpdate(id: $id, urlRedirect: $urlRedirect) { urlRedirect { id } ${ERRORS} }
}`;
export const RESTORE_REDIRECT_DELETE = `mutation SnapshelfRestoreRedirectDelete($id: ID!) {
  urlRedirectDelete(id: $id) { deletedUrlRedirectId ${ERRORS} }
}`;
export const RESTORE_REDIRECTS_BY_PATH = `query SnapshelfRestoreRedirectsByPath($query: String!) {
  urlRedirects(first: 10, query: $query) { nodes { id path } }
}`;

export const RESTORE_MENU_CREATE = `mutation SnapshelfRestoreMenuCreate($title: String!, $handle: String!, $items: [MenuItemCreateInput!]!) {
  menuCreate(title: $title, handle: $handle, items: $items) { menu { id } ${ERRORS} }
}`;
export const RESTORE_MENU_UPDATE = `mutation SnapshelfRestoreMenuUpdate($id: ID!, $title: String!, $handle: String, $items: [MenuItemUpdateInput!]!) {
  menuUpdate(id: $id, title: $title, handle: $handle, items: $items) { menu { id } ${ERRORS} }
}`;
export const RESTORE_MENU_DELETE = `mutation SnapshelfRestoreMenuDelete($id: ID!) {
  menuDelete(id: $id) { deletedMenuId ${ERRORS} }
}`;
export const RESTORE_MENUS_BY_HANDLE = `query SnapshelfRestoreMenusByHandle($query: String!) {
  menus(first: 10, query: $query) { nodes { id handle } }
}`;

export const RESTORE_METAOBJECT_DEFINITION_CREATE = `mutation SnapshelfRestoreMetaobjectDefinitionCreate($definition: MetaobjectDefinitionCreateInput!) {
  metaobjectDefinitionCreate(definition: $definition) { metaobjectDefinition { id } ${ERRORS} }
}`;
export const RESTORE_METAOBJECT_DEFINITION_BY_TYPE = `query SnapshelfRestoreMetaobjectDefinitionByType($type: String!) {
  metaobjectDefinitionByType(type: $type) { id }
}`;
export const RESTORE_METAOBJECT_CREATE = `mutation SnapshelfRestoreMetaobjectCreate($metaobject: MetaobjectCreateInput!) {
  metaobjectCreate(metaobject: $metaobject) { metaobject { id } ${ERRORS} }
}`;
export const RESTORE_METAOBJECT_UPDATE = `mutation SnapshelfRestoreMetaobjectUpdate($id: ID!, $metaobject: MetaobjectUpdateInput!) {
  metaobjectUpdate(id: $id, metaobject: $metaobject) { metaobject { id } ${ERRORS} }
}`;
export const RESTORE_METAOBJECT_DELETE = `mutation SnapshelfRestoreMetaobjectDelete($id: ID!) {
  metaobjectDelete(id: $id) { deletedId ${ERRORS} }
}`;
export const RESTORE_METAOBJECT_BY_HANDLE = `query SnapshelfRestoreMetaobjectByHandle($handle: MetaobjectHandleInput!) {
  metaobjectByHandle(handle: $handle) { id }
}`;
export const RESTORE_METAFIELD_DEFINITION_CREATE = `mutation SnapshelfRestoreMetafieldDefinitionCreate($definition: MetafieldDefinitionInput!) {
  metafieldDefinitionCreate(definition: $definition) { createdDefinition { id } ${ERRORS} }
}`;
export const RESTORE_METAFIELD_DEFINITION_FIND = `query SnapshelfRestoreMetafieldDefinitionFind($ownerType: MetafieldOwnerType!, $namespace: String!, $key: String!) {
  metafieldDefinitions(first: 5, ownerType: $ownerType, namespace: $namespace, key: $key) { nodes { id namespace key } }
}`;

/** The level of an inventory item at a location (a re-created product's level has a new GID). */
export const RESTORE_LEVEL_AT = `query SnapshelfRestoreLevelAt($item: ID!, $location: ID!) {
  inventoryItem(id: $item) { inventoryLevel(locationId: $location) { id } }
}`;
export const RESTORE_LEVEL_SET = `mutation SnapshelfRestoreLevelSet($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) { inventoryAdjustmentGroup { id } userErrors { field message code } }
}`;

/** Locations by name (a restore into another shop stocks the location of the same name). */
export const RESTORE_LOCATION_NAMES = `query SnapshelfRestoreLocationNames {
  locations(first: 250, includeInactive: true) { nodes { id name } }
}`;
