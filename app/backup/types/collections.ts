/** Collections: smart rules or custom membership, SEO, image, metafields. */
import * as Q from "~/shopify/queries/backup-products";
import { plain, sortById, sortMetafields, type JsonObject } from "../normalise";
import { METAFIELD_PAGES, type ChildPages } from "./child-pages";
import type { CanonicalRecord, RecordTypeModule } from "./module";
import { bulkRecords, byIdRecords, pagedRecords } from "./sources";

/** Canonical Collection: member products by id, metafields by namespace/key, rules as returned (their order is the rule order). */
export function normaliseCollection(raw: JsonObject): CanonicalRecord[] {
  const c = plain(raw) as JsonObject;
  return [{ type: "Collection", gid: String(c.id), record: { ...c, products: sortById(c.products), metafields: sortMetafields(c.metafields) } }];
}

const COLLECTION_PAGES: ChildPages = { products: Q.BACKUP_COLLECTION_MORE_PRODUCTS, ...METAFIELD_PAGES };

export const collections: RecordTypeModule = {
  name: "collections",
  dataType: "collections",
  types: ["Collection"],
  bulk: true,
  countField: "collectionsCount",
  normalise: normaliseCollection,
  full: (ctx) => bulkRecords(ctx, "collections", Q.BACKUP_COLLECTIONS_BULK, normaliseCollection),
  paged: (ctx) => pagedRecords(ctx, Q.BACKUP_COLLECTIONS_PAGE, "collections", 5, normaliseCollection, {}, COLLECTION_PAGES),
  byIds: (ctx, ids) => byIdRecords(ctx, Q.BACKUP_COLLECTIONS_BY_ID, ids, 5, normaliseCollection, COLLECTION_PAGES),
};
