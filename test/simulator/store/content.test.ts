import { describe, expect, it } from "vitest";
import { executeAdmin } from "../graphql/execute";
import { createSimStore, type SimStore } from ".";
import { createContentDomain } from "./content";
import { StoreCore, type ChangeEvent, type SimContext } from "./core";

const ctx: SimContext = { shop: "demo-shop.myshopify.com", apiVersion: "2025-01", cdnBaseUrl: "http://127.0.0.1:4001/cdn", bulk: false };

async function run(store: SimStore, source: string, variables?: Record<string, unknown>) {
  const response = await executeAdmin(store, source, variables, ctx);
  expect(response.errors).toBeUndefined();
  // Test documents are checked field by field below, so the JSON is read loosely here.
  return response.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function withEvents(store: SimStore): ChangeEvent[] {
  const events: ChangeEvent[] = [];
  store.core.onChange((event) => events.push(event));
  return events;
}

describe("content domain: pages", () => {
  it("paginates pages with cursors and counts them", async () => {
    const store = createSimStore({ seed: 7 });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data = await run(store, `query($after: String) { pages(first: 2, after: $after) { nodes { id title handle body bodySummary isPublished createdAt updatedAt } pageInfo { hasNextPage endCursor } } pagesCount { count precision } }`, { after });
      seen.push(...data.pages.nodes.map((p: { id: string }) => p.id));
      expect(data.pagesCount).toEqual({ count: 3, precision: "EXACT" });
      for (const page of data.pages.nodes) expect(page.body).toMatch(/<p>/);
      if (!data.pages.pageInfo.hasNextPage) break;
      after = data.pages.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
  });

  it("creates, updates and deletes a page, with userErrors and no partial writes", async () => {
    const store = createSimStore({ seed: 7 });
    const events = withEvents(store);
    const create = `mutation($page: PageCreateInput!) { pageCreate(page: $page) { page { id title handle isPublished templateSuffix metafield(namespace: "custom", key: "subtitle") { value type } } userErrors { field message code } } }`;
    const blank = await run(store, create, { page: { title: "  " } });
    expect(blank.pageCreate).toEqual({ page: null, userErrors: [{ field: ["page", "title"], message: "Title can't be blank", code: "BLANK" }] });
    const created = await run(store, create, { page: { title: "Returns", body: "<p>30 days</p>", templateSuffix: "wide", metafields: [{ namespace: "custom", key: "subtitle", type: "single_line_text_field", value: "Easy returns" }] } });
    expect(created.pageCreate.userErrors).toEqual([]);
    expect(created.pageCreate.page).toMatchObject({ title: "Returns", handle: "returns", isPublished: true, templateSuffix: "wide", metafield: { value: "Easy returns", type: "single_line_text_field" } });
    const id = created.pageCreate.page.id;

    const taken = await run(store, create, { page: { title: "Other", handle: "returns" } });
    expect(taken.pageCreate.userErrors).toEqual([{ field: ["page", "handle"], message: "Handle has already been taken", code: "TAKEN" }]);
    expect((await run(store, `{ pagesCount { count } }`)).pagesCount.count).toBe(4);

    const updated = await run(store, `mutation($id: ID!) { pageUpdate(id: $id, page: { title: "Returns & exchanges", handle: "returns-exchanges", redirectNewHandle: true, isPublished: false }) { page { title handle isPublished publishedAt updatedAt } userErrors { code } } }`, { id });
    expect(updated.pageUpdate.page).toMatchObject({ title: "Returns & exchanges", handle: "returns-exchanges", isPublished: false, publishedAt: null });
    const redirect = await run(store, `{ urlRedirects(first: 5, query: "path:/pages/returns") { nodes { target } } }`);
    expect(redirect.urlRedirects.nodes).toEqual([{ target: "/pages/returns-exchanges" }]);
    expect((await run(store, `query($id: ID!) { page(id: $id) { title } }`, { id })).page.title).toBe("Returns & exchanges");

    const deleted = await run(store, `mutation($id: ID!) { pageDelete(id: $id) { deletedPageId userErrors { code } } }`, { id });
    expect(deleted.pageDelete.deletedPageId).toBe(id);
    expect((await run(store, `query($id: ID!) { page(id: $id) { id } node(id: $id) { id } }`, { id }))).toEqual({ page: null, node: null });
    const again = await run(store, `mutation($id: ID!) { pageDelete(id: $id) { deletedPageId userErrors { field code } } }`, { id });
    expect(again.pageDelete).toEqual({ deletedPageId: null, userErrors: [{ field: ["id"], code: "NOT_FOUND" }] });
    // Shopify has no page webhooks.
    expect(events).toEqual([]);
  });
});

describe("content domain: blogs and articles", () => {
  it("serves blogs with nested article connections and node lookups", async () => {
    const store = createSimStore({ seed: 3 });
    const data = await run(store, `{ blogs(first: 5) { nodes { id title handle articlesCount { count } articles(first: 10) { nodes { id title handle author { name } tags blog { id } image { url } } } } } blogsCount { count } }`);
    expect(data.blogsCount.count).toBe(1);
    const blog = data.blogs.nodes[0];
    expect(blog.articlesCount.count).toBe(2);
    expect(blog.articles.nodes).toHaveLength(2);
    for (const article of blog.articles.nodes) {
      expect(article.blog.id).toBe(blog.id);
      expect(article.author.name).toMatch(/^\w+ \w+$/);
    }
    const node = await run(store, `query($id: ID!) { node(id: $id) { __typename ... on Article { title } } }`, { id: blog.articles.nodes[0].id });
    expect(node.node).toEqual({ __typename: "Article", title: blog.articles.nodes[0].title });
  });

  it("serves seeded article images from the content CDN", async () => {
    const store = createSimStore({ seed: 11, size: "small" });
    const data = await run(store, `{ articles(first: 20) { nodes { image { url } } } }`);
    const url: string | undefined = data.articles.nodes.find((a: { image: unknown }) => a.image)?.image.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:4001\/cdn\/content\/articles\/\d+\.png$/);
    const bytes = store.cdn(String(url).slice(ctx.cdnBaseUrl.length + 1));
    expect(bytes?.contentType).toBe("image/png");
    expect(Buffer.from(bytes!.body.subarray(1, 4)).toString()).toBe("PNG");
  });

  it("creates articles with Shopify's blog and author rules, filters them, and deletes a blog with its articles", async () => {
    const store = createSimStore({ seed: 3 });
    const blogId = (await run(store, `{ blogs(first: 1) { nodes { id } } }`)).blogs.nodes[0].id;
    const create = `mutation($article: ArticleCreateInput!, $blog: ArticleBlogInput) { articleCreate(article: $article, blog: $blog) { article { id title handle tags blog { id title } author { name } } userErrors { field code message } } }`;

    const ambiguous = await run(store, create, { article: { blogId, title: "X", author: { name: "A B" } }, blog: { title: "New" } });
    expect(ambiguous.articleCreate.userErrors.map((e: { code: string }) => e.code)).toEqual(["AMBIGUOUS_BLOG"]);
    const noAuthor = await run(store, create, { article: { blogId, title: "X", author: {} } });
    expect(noAuthor.articleCreate.userErrors.map((e: { code: string }) => e.code)).toEqual(["AUTHOR_FIELD_REQUIRED"]);
    const missingBlog = await run(store, create, { article: { blogId: "gid://shopify/Blog/1", title: "X", author: { name: "A B" } } });
    expect(missingBlog.articleCreate.userErrors.map((e: { code: string }) => e.code)).toEqual(["NOT_FOUND"]);

    const ok = await run(store, create, { article: { blogId, title: "Spring lookbook", body: "<p>Hi</p>", tags: ["lookbook"], author: { name: "Ava Martin" } } });
    expect(ok.articleCreate.article).toMatchObject({ title: "Spring lookbook", handle: "spring-lookbook", tags: ["lookbook"], blog: { id: blogId }, author: { name: "Ava Martin" } });
    const withNewBlog = await run(store, create, { article: { title: "Launch", author: { name: "Noah Rossi" } }, blog: { title: "Press" } });
    expect(withNewBlog.articleCreate.article.blog.title).toBe("Press");
    expect((await run(store, `{ blogsCount { count } }`)).blogsCount.count).toBe(2);

    const tagged = await run(store, `{ articles(first: 10, query: "tag:lookbook") { nodes { title tags } } }`);
    expect(tagged.articles.nodes.map((a: { title: string }) => a.title)).toContain("Spring lookbook");
    for (const article of tagged.articles.nodes) expect(article.tags).toContain("lookbook");
    const byAuthor = await run(store, `{ articles(first: 10, query: "author:'Noah Rossi' title:Launch") { nodes { title } } }`);
    expect(byAuthor.articles.nodes).toEqual([{ title: "Launch" }]);

    const removed = await run(store, `mutation($id: ID!) { blogDelete(id: $id) { deletedBlogId userErrors { code } } }`, { id: blogId });
    expect(removed.blogDelete.deletedBlogId).toBe(blogId);
    const left = await run(store, `{ articles(first: 50) { nodes { blog { title } } } }`);
    expect(left.articles.nodes.map((a: { blog: { title: string } }) => a.blog.title)).toEqual(["Press"]);
  });
});

describe("content domain: redirects and menus", () => {
  it("creates redirects, rejects a taken path, filters by path", async () => {
    const store = createSimStore({ seed: 5 });
    const create = `mutation($r: UrlRedirectInput!) { urlRedirectCreate(urlRedirect: $r) { urlRedirect { id path target } userErrors { field message code } } }`;
    const made = await run(store, create, { r: { path: "https://demo-shop.myshopify.com/old-sale", target: "/collections/sale" } });
    expect(made.urlRedirectCreate.urlRedirect).toMatchObject({ path: "/old-sale", target: "/collections/sale" });
    const dup = await run(store, create, { r: { path: "/old-sale", target: "/" } });
    expect(dup.urlRedirectCreate).toEqual({ urlRedirect: null, userErrors: [{ field: ["urlRedirect", "path"], message: "Path has already been taken", code: "CREATE_FAILED" }] });
    const found = await run(store, `{ urlRedirects(first: 5, query: "path:/old-sale") { nodes { id } } urlRedirectsCount { count } }`);
    expect(found.urlRedirects.nodes).toEqual([{ id: made.urlRedirectCreate.urlRedirect.id }]);
    expect(found.urlRedirectsCount.count).toBe(4);
    const updated = await run(store, `mutation($id: ID!) { urlRedirectUpdate(id: $id, urlRedirect: { target: "/collections/all" }) { urlRedirect { path target } userErrors { code } } }`, { id: made.urlRedirectCreate.urlRedirect.id });
    expect(updated.urlRedirectUpdate.urlRedirect).toEqual({ path: "/old-sale", target: "/collections/all" });
    const gone = await run(store, `mutation { urlRedirectDelete(id: "gid://shopify/UrlRedirect/1") { deletedUrlRedirectId userErrors { code } } }`);
    expect(gone.urlRedirectDelete).toEqual({ deletedUrlRedirectId: null, userErrors: [{ code: "DOES_NOT_EXIST" }] });
  });

  it("creates nested menus, rejects four levels and unknown pages, replaces items on update, protects default menus", async () => {
    const store = createSimStore({ seed: 5 });
    const events = withEvents(store);
    const seeded = await run(store, `{ menus(first: 10) { nodes { id handle isDefault items { title type url items { title } } } } }`);
    expect(seeded.menus.nodes.map((m: { handle: string }) => m.handle)).toEqual(["main-menu", "footer"]);
    const pageId = (await run(store, `{ pages(first: 1) { nodes { id handle } } }`)).pages.nodes[0];
    const create = `mutation($title: String!, $handle: String!, $items: [MenuItemCreateInput!]!) { menuCreate(title: $title, handle: $handle, items: $items) { menu { id handle items { id title url items { title items { title } } } } userErrors { field code } } }`;
    const leaf = { title: "Leaf", type: "HTTP", url: "https://example.com" };
    const tooDeep = await run(store, create, { title: "Deep", handle: "deep", items: [{ ...leaf, items: [{ ...leaf, items: [{ ...leaf, items: [leaf] }] }] }] });
    expect(tooDeep.menuCreate.userErrors).toEqual([{ field: ["items", "0", "items", "0", "items", "0", "items", "0"], code: "NESTING_TOO_DEEP" }]);
    const unknownPage = await run(store, create, { title: "Bad", handle: "bad", items: [{ title: "Gone", type: "PAGE", resourceId: "gid://shopify/Page/1" }] });
    expect(unknownPage.menuCreate.userErrors[0].code).toBe("NOT_FOUND");
    const ok = await run(store, create, { title: "Help", handle: "help", items: [{ title: "About", type: "PAGE", resourceId: pageId.id, items: [{ ...leaf, items: [leaf] }] }, leaf] });
    expect(ok.menuCreate.menu.items[0]).toMatchObject({ title: "About", url: `/pages/${pageId.handle}`, items: [{ title: "Leaf", items: [{ title: "Leaf" }] }] });
    const menuId = ok.menuCreate.menu.id;
    const keptId = ok.menuCreate.menu.items[0].id;
    const update = await run(store, `mutation($id: ID!, $items: [MenuItemUpdateInput!]!) { menuUpdate(id: $id, title: "Help", items: $items) { menu { items { id title } } userErrors { code } } }`, { id: menuId, items: [{ id: keptId, title: "About us", type: "PAGE", resourceId: pageId.id }] });
    expect(update.menuUpdate.menu.items).toEqual([{ id: keptId, title: "About us" }]);
    const mainId = seeded.menus.nodes[0].id;
    const protectedDelete = await run(store, `mutation($id: ID!) { menuDelete(id: $id) { deletedMenuId userErrors { code } } }`, { id: mainId });
    expect(protectedDelete.menuDelete).toEqual({ deletedMenuId: null, userErrors: [{ code: "UNABLE_TO_DELETE_DEFAULT_MENU" }] });
    expect((await run(store, `mutation($id: ID!) { menuDelete(id: $id) { deletedMenuId } }`, { id: menuId })).menuDelete.deletedMenuId).toBe(menuId);
    expect(events).toEqual([]);
  });
});

describe("content domain: determinism and scale", () => {
  const everything = `{ pages(first: 50) { nodes { id title handle body publishedAt templateSuffix metafields(first: 5) { nodes { key value } } } }
    blogs(first: 10) { nodes { id title handle articles(first: 50) { nodes { id title body summary tags author { name } publishedAt } } } }
    urlRedirects(first: 50) { nodes { path target } } menus(first: 10) { nodes { handle items { title url items { title items { title } } } } } }`;

  it("same seed gives identical content; another seed differs", async () => {
    const a = await run(createSimStore({ seed: 42, size: "small" }), everything);
    const b = await run(createSimStore({ seed: 42, size: "small" }), everything);
    const c = await run(createSimStore({ seed: 43, size: "small" }), everything);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it("generates the large preset lazily and reads its last records directly", () => {
    const core = new StoreCore(9, "large", "big.myshopify.com");
    const domain = createContentDomain(core);
    const lastRedirect = domain.nodeTypes.UrlRedirect(String(668_000_000 + core.preset.redirects - 1), ctx) as { path: string };
    expect(lastRedirect.path).toMatch(/^\/.+-old-2000$/);
    const lastArticle = domain.nodeTypes.Article(String(558_000_000 + core.preset.blogs * core.preset.articlesPerBlog - 1), ctx) as { title: string };
    expect(lastArticle.title.length).toBeGreaterThan(3);
    const count = domain.query.urlRedirectsCount({}, ctx, undefined as never) as { count: number };
    expect(count.count).toBe(2_000);
  });
});
