/** Blogs and their articles: seeding, views, and the blog/article mutations. */
import { connection, gid, type ConnectionArgs, type ResolverMap, type SimContext, type StoreCore, type UserError } from "../core";
import { applyMetafieldInputs, metafieldFields, type MetafieldInput, type MetafieldRecord } from "./metafields";
import { matchesSearch, parseSearch } from "./search";
import { fitCodes, numericId, SeededTable } from "./table";
import { articleMutations } from "./articles";
import { articleTitle, daysBefore, handleize, htmlBody, personName, summarize, TAGS, uniqueHandle } from "./text";

export interface BlogRecord {
  id: number;
  title: string;
  handle: string;
  commentPolicy: "AUTO_PUBLISHED" | "CLOSED" | "MODERATED";
  templateSuffix: string | null;
  createdAt: string;
  updatedAt: string;
  metafields: MetafieldRecord[];
}

export interface ArticleRecord {
  id: number;
  blogId: number;
  title: string;
  handle: string;
  body: string;
  summary: string | null;
  author: string;
  tags: string[];
  /** Seeded images live on the simulator CDN (`path`); created ones keep the caller's URL. */
  image: { path?: string; url?: string; altText: string | null; width: number | null; height: number | null } | null;
  isPublished: boolean;
  publishedAt: string | null;
  templateSuffix: string | null;
  createdAt: string;
  updatedAt: string;
  metafields: MetafieldRecord[];
}

const BLOG_BASE = 241_000_000;
const ARTICLE_BASE = 558_000_000;
const BLOG_TITLES = ["News", "Journal", "Recipes", "Lookbook", "Guides", "Events"];

export interface BlogTables {
  blogs: SeededTable<BlogRecord>;
  articles: SeededTable<ArticleRecord>;
}

export function createBlogTables(core: StoreCore): BlogTables {
  const { blogs: blogCount, articlesPerBlog } = core.preset;
  const blogs = new SeededTable<BlogRecord>("Blog", BLOG_BASE, blogCount, (index) => {
    const rng = core.rngFor("Blog", index);
    const base = BLOG_TITLES[index % BLOG_TITLES.length];
    const title = index < BLOG_TITLES.length ? base : `${base} ${Math.floor(index / BLOG_TITLES.length) + 1}`;
    const createdAt = daysBefore(core.seededAt(), rng.int(400, 1200) + rng.next());
    return { id: BLOG_BASE + index, title, handle: handleize(title), commentPolicy: rng.pick(["MODERATED", "CLOSED", "AUTO_PUBLISHED"] as const), templateSuffix: null, createdAt, updatedAt: daysBefore(core.seededAt(), rng.int(0, 60) + rng.next()), metafields: [] };
  });
  const articles = new SeededTable<ArticleRecord>("Article", ARTICLE_BASE, blogCount * articlesPerBlog, (index) => {
    const rng = core.rngFor("Article", index);
    const id = ARTICLE_BASE + index;
    const title = articleTitle(rng);
    const body = htmlBody(rng, rng.int(3, 8));
    const createdAt = daysBefore(core.seededAt(), rng.int(1, 700) + rng.next());
    const isPublished = rng.bool(0.9);
    const hasImage = rng.bool(0.6);
    return {
      id,
      blogId: BLOG_BASE + Math.floor(index / articlesPerBlog),
      title,
      // Article handles are unique per blog; the index suffix keeps seeded ones unique.
      handle: `${handleize(title)}-${index + 1}`,
      body,
      summary: rng.bool(0.7) ? `<p>${summarize(body, 160)}</p>` : null,
      author: personName(rng),
      tags: rng.sample(TAGS, rng.int(0, 3)),
      image: hasImage ? { path: `articles/${id}.png`, altText: rng.bool(0.7) ? title : null, width: null, height: null } : null,
      isPublished,
      publishedAt: isPublished ? createdAt : null,
      templateSuffix: null,
      createdAt,
      updatedAt: daysBefore(core.seededAt(), rng.int(0, 30) + rng.next()),
      metafields: [],
    };
  });
  return { blogs, articles };
}

const emptyConnection = (args: ConnectionArgs, context: SimContext) => connection([], args, context, () => 0);

function imageView(image: NonNullable<ArticleRecord["image"]>, articleId: number, context: SimContext) {
  const url = image.path ? `${context.cdnBaseUrl}/content/${image.path}` : String(image.url);
  return {
    __typename: "Image",
    id: gid("ArticleImage", articleId),
    altText: image.altText,
    width: image.width,
    height: image.height,
    url: () => url,
    src: url,
    originalSrc: url,
    transformedSrc: () => url,
    metafield: () => null,
    metafields: emptyConnection,
  };
}

/** Resolvers and views for blogs and articles. */
export function blogResolvers(core: StoreCore, tables: BlogTables, addRedirect: (path: string, target: string) => void) {
  const { blogs, articles } = tables;
  const articlesOf = (blogId: number) => articles.all().filter((a) => a.blogId === blogId);

  const blogView = (record: BlogRecord): Record<string, unknown> => {
    const view: Record<string, unknown> = {
      __typename: "Blog",
      id: gid("Blog", record.id),
      title: record.title,
      handle: record.handle,
      commentPolicy: record.commentPolicy,
      templateSuffix: record.templateSuffix,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      feed: null,
      articles: (args: ConnectionArgs, context: SimContext) => connection(articlesOf(record.id).map(articleView), args, context, (a) => numericId(a.id, "Article") ?? 0),
      articlesCount: () => ({ count: articlesOf(record.id).length, precision: "EXACT" }),
      // Blog.tags lists the tags of the blog's most recent 200 articles.
      tags: () => [...new Set(articlesOf(record.id).slice(-200).flatMap((a) => a.tags))].sort(),
      translations: () => [],
      events: emptyConnection,
    };
    Object.assign(view, metafieldFields(record.metafields, "BLOG", () => view));
    return view;
  };

  const articleView = (record: ArticleRecord): Record<string, unknown> => {
    const view: Record<string, unknown> = {
      __typename: "Article",
      id: gid("Article", record.id),
      title: record.title,
      handle: record.handle,
      body: record.body,
      summary: record.summary,
      author: { name: record.author },
      tags: record.tags,
      image: (_args: unknown, context: SimContext) => (record.image ? imageView(record.image, record.id, context) : null),
      isPublished: record.isPublished,
      publishedAt: record.publishedAt,
      templateSuffix: record.templateSuffix,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      defaultCursor: Buffer.from(JSON.stringify({ k: record.id })).toString("base64url"),
      blog: () => {
        const blog = blogs.get(record.blogId);
        return blog ? blogView(blog) : null;
      },
      comments: emptyConnection,
      commentsCount: () => ({ count: 0, precision: "EXACT" }),
      translations: () => [],
      events: emptyConnection,
    };
    Object.assign(view, metafieldFields(record.metafields, "ARTICLE", () => view));
    return view;
  };

  const blogSearchFields = (b: BlogRecord) => ({ id: b.id, title: b.title, handle: b.handle, created_at: b.createdAt, updated_at: b.updatedAt });
  const findBlogs = (query: unknown) => {
    const terms = parseSearch(query);
    return blogs.all().filter((b) => matchesSearch(terms, blogSearchFields(b), b.title));
  };
  const findArticles = (query: unknown) => {
    const terms = parseSearch(query);
    return articles.all().filter((a) =>
      matchesSearch(
        terms,
        {
          id: a.id,
          title: a.title,
          handle: a.handle,
          author: a.author,
          tag: a.tags,
          blog_id: a.blogId,
          blog_title: blogs.get(a.blogId)?.title,
          created_at: a.createdAt,
          updated_at: a.updatedAt,
          published_at: a.publishedAt,
          published_status: a.isPublished ? "published" : "unpublished",
        },
        a.title,
      ),
    );
  };
  const sorted = <T>(list: T[], key: ((item: T) => string | number) | undefined) =>
    key ? list.slice().sort((x, y) => { const a = key(x); const b = key(y); return a < b ? -1 : a > b ? 1 : 0; }) : list;

  const blogSortKeys: Record<string, (b: BlogRecord) => string | number> = { TITLE: (b) => b.title.toLowerCase(), HANDLE: (b) => b.handle };
  const articleSortKeys: Record<string, (a: ArticleRecord) => string | number> = {
    TITLE: (a) => a.title.toLowerCase(),
    AUTHOR: (a) => a.author,
    UPDATED_AT: (a) => a.updatedAt,
    PUBLISHED_AT: (a) => a.publishedAt ?? "",
    BLOG_TITLE: (a) => blogs.get(a.blogId)?.title ?? "",
  };

  const query: ResolverMap = {
    blog: (args) => {
      const record = blogs.get(numericId(args.id, "Blog") ?? -1);
      return record ? blogView(record) : null;
    },
    blogs: (args, context) =>
      connection(sorted(findBlogs(args.query), blogSortKeys[String(args.sortKey)]).map(blogView), args as ConnectionArgs, context, (b) => numericId(b.id, "Blog") ?? 0),
    blogsCount: (args) => ({ count: findBlogs(args.query).length, precision: "EXACT" }),
    article: (args) => {
      const record = articles.get(numericId(args.id, "Article") ?? -1);
      return record ? articleView(record) : null;
    },
    articles: (args, context) =>
      connection(sorted(findArticles(args.query), articleSortKeys[String(args.sortKey)]).map(articleView), args as ConnectionArgs, context, (a) => numericId(a.id, "Article") ?? 0),
  };

  const mutation = { ...blogMutations(core, tables, blogView, addRedirect), ...articleMutations(core, tables, articleView, addRedirect) };
  return { query, mutation, blogView, articleView };
}

interface BlogInput {
  title?: string | null;
  handle?: string | null;
  templateSuffix?: string | null;
  commentPolicy?: BlogRecord["commentPolicy"] | null;
  metafields?: MetafieldInput[] | null;
  redirectNewHandle?: boolean | null;
}


function blogMutations(core: StoreCore, { blogs, articles }: BlogTables, blogView: (b: BlogRecord) => unknown, addRedirect: (p: string, t: string) => void): ResolverMap {
  const taken = (except?: number) => (handle: string) => blogs.all().some((b) => b.handle === handle && b.id !== except);
  const titleErrors = (title: string | null | undefined): UserError[] => {
    // BlogCreateUserErrorCode has no BLANK: Shopify sends such errors without a code.
    if (!title?.trim()) return [{ field: ["blog", "title"], message: "Title can't be blank" }];
    if (title.length > 255) return [{ field: ["blog", "title"], message: "Title is too long (maximum is 255 characters)", code: "TOO_LONG" }];
    return [];
  };
  return {
    blogCreate: (args) => {
      const input = args.blog as BlogInput;
      const now = core.now().toISOString();
      const errors = titleErrors(input.title);
      const metafields = applyMetafieldInputs(core, [], input.metafields, ["blog"], now);
      errors.push(...metafields.errors);
      if (errors.length) return { blog: null, userErrors: fitCodes(errors, "BlogCreateUserErrorCode") };
      const record: BlogRecord = {
        id: blogs.allocate(core),
        title: String(input.title).trim(),
        // Blog handles are de-duplicated with a numeric suffix rather than rejected.
        handle: uniqueHandle(handleize(input.handle || String(input.title)), taken()),
        commentPolicy: input.commentPolicy ?? "MODERATED",
        templateSuffix: input.templateSuffix ?? null,
        createdAt: now,
        updatedAt: now,
        metafields: metafields.records,
      };
      blogs.insert(record);
      // No webhook: Shopify has no blog topics (DESIGN.md §5).
      return { blog: blogView(record), userErrors: [] };
    },
    blogUpdate: (args) => {
      const current = blogs.get(numericId(args.id, "Blog") ?? -1);
      if (!current) return { blog: null, userErrors: fitCodes([{ field: ["id"], message: "Blog does not exist", code: "NOT_FOUND" }], "BlogUpdateUserErrorCode") };
      const input = args.blog as BlogInput;
      const now = core.now().toISOString();
      const errors = input.title !== undefined ? titleErrors(input.title) : [];
      const metafields = applyMetafieldInputs(core, current.metafields, input.metafields, ["blog"], now);
      errors.push(...metafields.errors);
      if (errors.length) return { blog: null, userErrors: fitCodes(errors, "BlogUpdateUserErrorCode") };
      const handle = input.handle ? uniqueHandle(handleize(input.handle), taken(current.id)) : current.handle;
      if (input.redirectNewHandle && handle !== current.handle) addRedirect(`/blogs/${current.handle}`, `/blogs/${handle}`);
      const record: BlogRecord = {
        ...current,
        title: input.title?.trim() ?? current.title,
        handle,
        commentPolicy: input.commentPolicy ?? current.commentPolicy,
        templateSuffix: input.templateSuffix !== undefined ? input.templateSuffix : current.templateSuffix,
        updatedAt: now,
        metafields: metafields.records,
      };
      blogs.update(record);
      return { blog: blogView(record), userErrors: [] };
    },
    blogDelete: (args) => {
      const id = numericId(args.id, "Blog") ?? -1;
      if (!blogs.get(id)) return { deletedBlogId: null, userErrors: fitCodes([{ field: ["id"], message: "Blog does not exist", code: "NOT_FOUND" }], "BlogDeleteUserErrorCode") };
      // Deleting a blog deletes its articles with it.
      for (const article of articles.all()) if (article.blogId === id) articles.remove(article.id);
      blogs.remove(id);
      core.now();
      return { deletedBlogId: gid("Blog", id), userErrors: [] };
    },
  };
}
