/**
 * The simulated shop's Online Store content: pages, blogs, articles, URL
 * redirects and navigation menus.
 *
 * Shopify has no webhook topics for any of these (DESIGN.md §5), so this
 * domain never calls `core.emit`: the app must poll them, and a simulator
 * that emitted events here would hide a missing poll.
 */
import { makePng } from "./themes/png";
import { blogResolvers, createBlogTables } from "./content/blogs";
import { createMenuTable, menuResolvers } from "./content/menus";
import { createPageTable, pageResolvers, pageView } from "./content/pages";
import { createRedirectTable, redirectResolvers, redirectView } from "./content/redirects";
import type { CatalogDomain } from "./catalog";
import type { Domain, StoreCore } from "./core";

export type ContentDomain = Domain;

/** Creates the content domain (seeded lazily from the core's seed and size). */
export function createContentDomain(core: StoreCore, deps: { catalog?: CatalogDomain } = {}): ContentDomain {
  const pages = createPageTable(core);
  const blogTables = createBlogTables(core);
  const redirects = createRedirectTable(core);
  const menus = createMenuTable(core);

  const redirectApi = redirectResolvers(core, redirects);
  const pageApi = pageResolvers(core, pages, redirectApi.add);
  const blogApi = blogResolvers(core, blogTables, redirectApi.add);
  const menuApi = menuResolvers(core, menus, pages, blogTables);

  // metafieldsSet / metafieldsDelete live in the catalog domain; pages, blogs and articles take part through its owner seam.
  const owner = <T extends { id: number; metafields: import("./content/metafields").MetafieldRecord[]; updatedAt: string }>(
    table: { get(id: number): T | undefined; update(record: T): void },
    view: (record: T) => unknown,
  ) => ({
    get: (id: string) => table.get(Number(id))?.metafields,
    set: (id: string, metafields: T["metafields"], now: string) => {
      const record = table.get(Number(id));
      if (record) table.update({ ...record, metafields, updatedAt: now });
    },
    view: (id: string) => {
      const record = table.get(Number(id));
      return record ? (view(record) as Record<string, unknown>) : null;
    },
  });
  deps.catalog?.registerMetafieldOwner("Page", owner(pages, pageView));
  deps.catalog?.registerMetafieldOwner("Blog", owner(blogTables.blogs, (r) => blogApi.blogView(r)));
  deps.catalog?.registerMetafieldOwner("Article", owner(blogTables.articles, (r) => blogApi.articleView(r)));

  return {
    name: "content",
    query: { ...pageApi.query, ...blogApi.query, ...redirectApi.query, ...menuApi.query },
    mutation: { ...pageApi.mutation, ...blogApi.mutation, ...redirectApi.mutation, ...menuApi.mutation },
    nodeTypes: {
      Page: (id) => {
        const record = pages.get(Number(id));
        return record && pageView(record);
      },
      Blog: (id) => {
        const record = blogTables.blogs.get(Number(id));
        return record && blogApi.blogView(record);
      },
      Article: (id) => {
        const record = blogTables.articles.get(Number(id));
        return record && blogApi.articleView(record);
      },
      UrlRedirect: (id) => {
        const record = redirects.get(Number(id));
        return record && redirectView(record);
      },
      Menu: (id) => {
        const record = menus.get(Number(id));
        return record && menuApi.menuView(record);
      },
    },
    cdn: (path) => {
      // Seeded article images: articles/<articleId>.png, bytes derived from the article's seed.
      const match = /^articles\/(\d+)\.png$/.exec(path);
      const article = match ? blogTables.articles.get(Number(match[1])) : undefined;
      if (!article?.image?.path || article.image.path !== path) return undefined;
      return { contentType: "image/png", body: makePng(core.rngFor("ArticleImage", article.id), 12_000) };
    },
  };
}
