/**
 * Online-store content: pages, blogs, articles, URL redirects and menus.
 * Each is found again by its natural key (handle; an article by blog and
 * handle; a redirect by path), which guards re-creates and resumes.
 * Publication is restored with its date (publishDate), so a re-created
 * page is not "published today".
 */
import { articles, blogs, menus, pages, redirects } from "~/backup/types/content";
import type { FetchContext } from "~/backup/types/module";
import * as Q from "~/shopify/queries/restore-records";
import type { JsonObject } from "../types";
import { metafieldFields, metafieldInputs, pick } from "./fields";
import type { Fields, RecordRestorer, WriteOutcome } from "./restorer";
import { liveByModule, sendMetafields, sendWrite } from "./shared";

async function findOne(ctx: FetchContext, document: string, root: string, query: string, match: (node: JsonObject) => boolean): Promise<string | null> {
  const { data } = await ctx.client.request<Record<string, { nodes: JsonObject[] }>>(document, { query }, { signal: ctx.signal });
  return (data[root].nodes.find(match)?.id as string | undefined) ?? null;
}

const quoted = (s: unknown) => JSON.stringify(String(s));
const publishDate = (f: Fields) => (f.isPublished ? ((f.publishedAt as string | null) ?? null) : null);

/** Writes the body, then the metafields: new records carry them inline, updates set and delete only what changed. */
async function upsert(ctx: FetchContext, liveGid: string | null, f: Fields, before: Fields | null, create: () => Promise<WriteOutcome>, update: (id: string) => Promise<WriteOutcome>): Promise<WriteOutcome> {
  if (!liveGid) return create();
  const outcome = await update(liveGid);
  if (outcome.userErrors.length || !outcome.id) return outcome;
  return { id: outcome.id, userErrors: await sendMetafields(ctx, outcome.id, f, before) };
}

const PAGE = ["title", "handle", "body", "isPublished", "publishedAt", "templateSuffix"] as const;
const pageInput = (f: Fields) => ({ title: f.title, handle: f.handle, body: f.body ?? "", isPublished: Boolean(f.isPublished), publishDate: publishDate(f), templateSuffix: f.templateSuffix ?? null }) as JsonObject;

export const pageRestorer: RecordRestorer = {
  type: "Page",
  noun: "page",
  limits: [],
  fields: (r) => ({ ...pick(r, PAGE), ...metafieldFields(r) }),
  title: (r) => String(r.title ?? r.handle),
  live: (ctx, gids) => liveByModule(pages, ctx, gids),
  holder: (ctx, f) => findOne(ctx, Q.RESTORE_PAGES_BY_HANDLE, "pages", `handle:${quoted(f.handle)}`, (n) => n.handle === f.handle),
  write: (ctx, { liveGid, fields: f, before }) =>
    upsert(
      ctx, liveGid, f, before,
      () => sendWrite(ctx, Q.RESTORE_PAGE_CREATE, { page: { ...pageInput(f), metafields: metafieldInputs(f) } }, "pageCreate", "page"),
      (id) => sendWrite(ctx, Q.RESTORE_PAGE_UPDATE, { id, page: pageInput(f) }, "pageUpdate", "page"),
    ),
  remove: (ctx, id) => sendWrite(ctx, Q.RESTORE_PAGE_DELETE, { id }, "pageDelete", "deletedPageId"),
};

const BLOG = ["title", "handle", "commentPolicy", "templateSuffix"] as const;
const blogInput = (f: Fields) => ({ title: f.title, handle: f.handle, commentPolicy: f.commentPolicy, templateSuffix: f.templateSuffix ?? null }) as JsonObject;

export const blogRestorer: RecordRestorer = {
  type: "Blog",
  noun: "blog",
  limits: ["A blog's articles are restored as articles (select them too); re-creating a blog does not bring its articles back by itself."],
  fields: (r) => ({ ...pick(r, BLOG), ...metafieldFields(r) }),
  title: (r) => String(r.title ?? r.handle),
  live: (ctx, gids) => liveByModule(blogs, ctx, gids),
  holder: (ctx, f) => findOne(ctx, Q.RESTORE_BLOGS_BY_HANDLE, "blogs", `handle:${quoted(f.handle)}`, (n) => n.handle === f.handle),
  write: (ctx, { liveGid, fields: f, before }) =>
    upsert(
      ctx, liveGid, f, before,
      () => sendWrite(ctx, Q.RESTORE_BLOG_CREATE, { blog: { ...blogInput(f), metafields: metafieldInputs(f) } }, "blogCreate", "blog"),
      (id) => sendWrite(ctx, Q.RESTORE_BLOG_UPDATE, { id, blog: blogInput(f) }, "blogUpdate", "blog"),
    ),
  remove: (ctx, id) => sendWrite(ctx, Q.RESTORE_BLOG_DELETE, { id }, "blogDelete", "deletedBlogId"),
};

const ARTICLE = ["title", "handle", "body", "summary", "isPublished", "publishedAt", "templateSuffix", "blog.id", "author.name"] as const;
function articleInput(f: Fields): JsonObject {
  const image = f.image as { url: string; altText: string | null } | null;
  return {
    blogId: f["blog.id"],
    title: f.title,
    handle: f.handle,
    body: f.body ?? "",
    summary: f.summary ?? null,
    tags: f.tags as string[],
    isPublished: Boolean(f.isPublished),
    publishDate: publishDate(f),
    templateSuffix: f.templateSuffix ?? null,
    author: { name: f["author.name"] },
    ...(image ? { image: { url: image.url, altText: image.altText } } : {}),
  } as JsonObject;
}

export const articleRestorer: RecordRestorer = {
  type: "Article",
  noun: "article",
  limits: [],
  fields(r) {
    const image = r.image as JsonObject | null;
    return { ...pick(r, ARTICLE), tags: [...((r.tags ?? []) as string[])].sort(), image: image ? { url: image.url, altText: image.altText ?? null } : null, ...metafieldFields(r) };
  },
  title: (r) => String(r.title ?? r.handle),
  live: (ctx, gids) => liveByModule(articles, ctx, gids),
  holder: (ctx, f) =>
    findOne(ctx, Q.RESTORE_ARTICLES_BY_HANDLE, "articles", `handle:${quoted(f.handle)}`, (n) => n.handle === f.handle && (n.blog as JsonObject | null)?.id === f["blog.id"]),
  write: (ctx, { liveGid, fields: f, before }) =>
    upsert(
      ctx, liveGid, f, before,
      () => sendWrite(ctx, Q.RESTORE_ARTICLE_CREATE, { article: { ...articleInput(f), metafields: metafieldInputs(f) } }, "articleCreate", "article"),
      (id) => {
        // The image is sent only when it changed: re-sending a CDN URL makes Shopify copy the file again.
        const input = articleInput(f);
        if (before && JSON.stringify(before.image) === JSON.stringify(f.image)) delete input.image;
        return sendWrite(ctx, Q.RESTORE_ARTICLE_UPDATE, { id, article: input }, "articleUpdate", "article");
      },
    ),
  remove: (ctx, id) => sendWrite(ctx, Q.RESTORE_ARTICLE_DELETE, { id }, "articleDelete", "deletedArticleId"),
};

export const redirectRestorer: RecordRestorer = {
  type: "UrlRedirect",
  noun: "redirect",
  limits: [],
  fields: (r) => pick(r, ["path", "target"]),
  title: (r) => `${String(r.path)} → ${String(r.target)}`,
  live: (ctx, gids) => liveByModule(redirects, ctx, gids),
  holder: (ctx, f) => findOne(ctx, Q.RESTORE_REDIRECTS_BY_PATH, "urlRedirects", `path:${quoted(f.path)}`, (n) => String(n.path).toLowerCase() === String(f.path).toLowerCase()),
  write: (ctx, { liveGid, fields: f }) =>
    liveGid
      ? sendWrite(ctx, Q.RESTORE_REDIRECT_UPDATE, { id: liveGid, urlRedirect: { path: f.path, target: f.target } }, "urlRedirectUpdate", "urlRedirect")
      : sendWrite(ctx, Q.RESTORE_REDIRECT_CREATE, { urlRedirect: { path: f.path, target: f.target } }, "urlRedirectCreate", "urlRedirect"),
  remove: (ctx, id) => sendWrite(ctx, Q.RESTORE_REDIRECT_DELETE, { id }, "urlRedirectDelete", "deletedUrlRedirectId"),
};

/** Menu items without their ids: a restored menu gets new item ids, the tree is what matters. */
function menuItems(items: unknown): JsonObject[] {
  return ((items ?? []) as JsonObject[]).map((i) => ({ title: i.title, type: i.type, resourceId: i.resourceId ?? null, url: i.url ?? null, tags: (i.tags ?? []) as string[], items: menuItems(i.items) }));
}

export const menuRestorer: RecordRestorer = {
  type: "Menu",
  noun: "menu",
  limits: ["Menu items that link to a deleted page, blog or collection need that record restored first (or they are dropped by Shopify)."],
  fields: (r) => ({ title: r.title, handle: r.handle, items: menuItems(r.items) }),
  title: (r) => String(r.title ?? r.handle),
  live: (ctx, gids) => liveByModule(menus, ctx, gids),
  holder: (ctx, f) => findOne(ctx, Q.RESTORE_MENUS_BY_HANDLE, "menus", `handle:${quoted(f.handle)}`, (n) => n.handle === f.handle),
  write: (ctx, { liveGid, fields: f }) =>
    liveGid
      ? sendWrite(ctx, Q.RESTORE_MENU_UPDATE, { id: liveGid, title: f.title, handle: f.handle, items: f.items as JsonObject[] }, "menuUpdate", "menu")
      : sendWrite(ctx, Q.RESTORE_MENU_CREATE, { title: f.title, handle: f.handle, items: f.items as JsonObject[] }, "menuCreate", "menu"),
  remove: (ctx, id) => sendWrite(ctx, Q.RESTORE_MENU_DELETE, { id }, "menuDelete", "deletedMenuId"),
};
