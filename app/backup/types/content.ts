/** Pages, blogs, articles, redirects and menus: no bulk needed at their sizes and no webhooks exist, so paged (and polled). */
import * as Q from "~/shopify/queries/backup-content";
import { plain, refId, sortMetafields, type JsonObject } from "../normalise";
import { METAFIELD_PAGES } from "./child-pages";
import type { CanonicalRecord, Normaliser, RecordTypeModule } from "./module";
import { byIdRecords, pagedRecords } from "./sources";

function simple(type: string, extra?: (r: JsonObject) => JsonObject): Normaliser {
  return (raw) => {
    const r = plain(raw) as JsonObject;
    const record: JsonObject = { ...r, ...(Array.isArray(r.metafields) ? { metafields: sortMetafields(r.metafields) } : {}), ...(extra?.(r) ?? {}) };
    return [{ type, gid: String(r.id), record }] satisfies CanonicalRecord[];
  };
}

function pagedModule(name: string, type: string, page: string, byId: string, root: string, pageSize: number, normalise: Normaliser, countField?: string): RecordTypeModule {
  return {
    name,
    dataType: "content",
    types: [type],
    bulk: false,
    countField,
    normalise,
    // Only pages, blogs and articles select metafields; for the others the follow-up never triggers.
    full: (ctx) => pagedRecords(ctx, page, root, pageSize, normalise, {}, METAFIELD_PAGES),
    paged: (ctx) => pagedRecords(ctx, page, root, pageSize, normalise, {}, METAFIELD_PAGES),
    byIds: (ctx, ids) => byIdRecords(ctx, byId, ids, pageSize, normalise, METAFIELD_PAGES),
  };
}

export const normalisePage = simple("Page");
export const normaliseBlog = simple("Blog");
export const normaliseArticle = simple("Article", (a) => ({ blog: { id: refId(a.blog) } }));
export const normaliseRedirect = simple("UrlRedirect");
// Menu items keep their order: it is the order shown in the storefront navigation.
export const normaliseMenu = simple("Menu");

export const pages = pagedModule("pages", "Page", Q.BACKUP_PAGES_PAGE, Q.BACKUP_PAGES_BY_ID, "pages", 25, normalisePage, "pagesCount");
export const blogs = pagedModule("blogs", "Blog", Q.BACKUP_BLOGS_PAGE, Q.BACKUP_BLOGS_BY_ID, "blogs", 25, normaliseBlog, "blogsCount");
export const articles = pagedModule("articles", "Article", Q.BACKUP_ARTICLES_PAGE, Q.BACKUP_ARTICLES_BY_ID, "articles", 25, normaliseArticle);
export const redirects = pagedModule("redirects", "UrlRedirect", Q.BACKUP_REDIRECTS_PAGE, Q.BACKUP_REDIRECTS_BY_ID, "urlRedirects", 100, normaliseRedirect, "urlRedirectsCount");
export const menus = pagedModule("menus", "Menu", Q.BACKUP_MENUS_PAGE, Q.BACKUP_MENUS_BY_ID, "menus", 25, normaliseMenu);
