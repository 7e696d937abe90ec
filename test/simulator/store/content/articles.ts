/** articleCreate, articleUpdate and articleDelete with Shopify's blog and author rules. */
import { gid, type ResolverMap, type StoreCore, type UserError } from "../core";
import type { ArticleRecord, BlogRecord, BlogTables } from "./blogs";
import { applyMetafieldInputs, type MetafieldInput } from "./metafields";
import { fitCodes, numericId } from "./table";
import { handleize, uniqueHandle } from "./text";

interface ArticleInput {
  blogId?: string | null;
  title?: string | null;
  handle?: string | null;
  body?: string | null;
  summary?: string | null;
  isPublished?: boolean | null;
  publishDate?: string | null;
  templateSuffix?: string | null;
  metafields?: MetafieldInput[] | null;
  tags?: string[] | null;
  image?: { altText?: string | null; url?: string | null } | null;
  author?: { name?: string | null; userId?: string | null } | null;
  redirectNewHandle?: boolean | null;
}

export function articleMutations(
  core: StoreCore,
  { blogs, articles }: BlogTables,
  articleView: (a: ArticleRecord) => unknown,
  addRedirect: (p: string, t: string) => void,
): ResolverMap {
  const handleTaken = (blogId: number, except?: number) => (handle: string) => articles.all().some((a) => a.blogId === blogId && a.handle === handle && a.id !== except);

  /** Resolves the target blog: `article.blogId` or a new blog from `blog: {title}`, never both. */
  const targetBlog = (input: ArticleInput, newBlog: { title?: string } | null | undefined, required: boolean): { blogId?: number; create?: string; errors: UserError[] } => {
    if (input.blogId && newBlog) return { errors: [{ field: ["article", "blogId"], message: "Can't provide both a blog id and a new blog", code: "AMBIGUOUS_BLOG" }] };
    if (newBlog) return newBlog.title?.trim() ? { create: newBlog.title.trim(), errors: [] } : { errors: [{ field: ["blog", "title"], message: "Title can't be blank", code: "BLANK" }] };
    if (input.blogId) {
      const blogId = numericId(input.blogId, "Blog");
      return blogId !== undefined && blogs.get(blogId) ? { blogId, errors: [] } : { errors: [{ field: ["article", "blogId"], message: "Blog does not exist", code: "NOT_FOUND" }] };
    }
    return required ? { errors: [{ field: ["article", "blogId"], message: "A blog id or a new blog is required", code: "BLOG_REFERENCE_REQUIRED" }] } : { errors: [] };
  };

  const authorErrors = (author: ArticleInput["author"], required: boolean): UserError[] => {
    if (!author) return required ? [{ field: ["article", "author"], message: "Author is required", code: "AUTHOR_FIELD_REQUIRED" }] : [];
    if (author.name && author.userId) return [{ field: ["article", "author"], message: "Can't provide both an author name and a user id", code: "AMBIGUOUS_AUTHOR" }];
    // The simulated shop has no staff accounts, so any userId fails as Shopify's unknown user does.
    if (author.userId) return [{ field: ["article", "author", "userId"], message: "Author must exist", code: "AUTHOR_MUST_EXIST" }];
    if (!author.name?.trim()) return [{ field: ["article", "author"], message: "Author is required", code: "AUTHOR_FIELD_REQUIRED" }];
    return [];
  };

  const commonErrors = (input: ArticleInput, creating: boolean): UserError[] => {
    const errors: UserError[] = [];
    if (creating || input.title !== undefined) {
      if (!input.title?.trim()) errors.push({ field: ["article", "title"], message: "Title can't be blank", code: "BLANK" });
      else if (input.title.length > 255) errors.push({ field: ["article", "title"], message: "Title is too long (maximum is 255 characters)", code: "TOO_LONG" });
    }
    if (input.publishDate && Number.isNaN(Date.parse(input.publishDate))) errors.push({ field: ["article", "publishDate"], message: "Publish date is invalid", code: "INVALID_PUBLISH_DATE" });
    if (input.image?.url && !/^https?:\/\//.test(input.image.url)) errors.push({ field: ["article", "image", "url"], message: "Image could not be uploaded", code: "UPLOAD_FAILED" });
    return errors;
  };

  const materializeBlog = (target: { blogId?: number; create?: string }, now: string): number | undefined => {
    if (target.create === undefined) return target.blogId;
    const taken = (handle: string) => blogs.all().some((b) => b.handle === handle);
    const blog: BlogRecord = { id: blogs.allocate(core), title: target.create, handle: uniqueHandle(handleize(target.create), taken), commentPolicy: "MODERATED", templateSuffix: null, createdAt: now, updatedAt: now, metafields: [] };
    blogs.insert(blog);
    return blog.id;
  };

  const publication = (input: ArticleInput, current: ArticleRecord | undefined, now: string) => {
    const isPublished = input.isPublished ?? (input.publishDate ? Date.parse(input.publishDate) <= Date.parse(now) : current?.isPublished ?? true);
    return { isPublished, publishedAt: isPublished ? input.publishDate ?? current?.publishedAt ?? now : input.publishDate ?? null };
  };

  return {
    articleCreate: (args) => {
      const input = args.article as ArticleInput;
      const now = core.now().toISOString();
      const target = targetBlog(input, args.blog as { title?: string } | null, true);
      const errors = [...commonErrors(input, true), ...target.errors, ...authorErrors(input.author, true)];
      const blogIdForHandle = target.blogId ?? -1;
      if (input.handle && handleTaken(blogIdForHandle)(handleize(input.handle))) errors.push({ field: ["article", "handle"], message: "Handle has already been taken", code: "TAKEN" });
      const metafields = applyMetafieldInputs(core, [], input.metafields, ["article"], now);
      errors.push(...metafields.errors);
      if (errors.length) return { article: null, userErrors: fitCodes(errors, "ArticleCreateUserErrorCode") };
      const blogId = materializeBlog(target, now) as number;
      const record: ArticleRecord = {
        id: articles.allocate(core),
        blogId,
        title: String(input.title).trim(),
        handle: input.handle ? handleize(input.handle) : uniqueHandle(handleize(String(input.title)), handleTaken(blogId)),
        body: input.body ?? "",
        summary: input.summary ?? null,
        author: String(input.author?.name).trim(),
        tags: input.tags ?? [],
        // Shopify copies the image to its CDN; the simulator keeps the source URL.
        image: input.image?.url ? { url: input.image.url, altText: input.image.altText ?? null, width: null, height: null } : null,
        ...publication(input, undefined, now),
        templateSuffix: input.templateSuffix ?? null,
        createdAt: now,
        updatedAt: now,
        metafields: metafields.records,
      };
      articles.insert(record);
      // No webhook: Shopify has no article topics (DESIGN.md §5).
      return { article: articleView(record), userErrors: [] };
    },
    articleUpdate: (args) => {
      const current = articles.get(numericId(args.id, "Article") ?? -1);
      if (!current) return { article: null, userErrors: fitCodes([{ field: ["id"], message: "Article does not exist", code: "NOT_FOUND" }], "ArticleUpdateUserErrorCode") };
      const input = args.article as ArticleInput;
      const now = core.now().toISOString();
      const target = targetBlog(input, args.blog as { title?: string } | null, false);
      const errors = [...commonErrors(input, false), ...target.errors, ...(input.author ? authorErrors(input.author, false) : [])];
      const destination = target.blogId ?? current.blogId;
      if (input.handle && handleTaken(destination, current.id)(handleize(input.handle))) errors.push({ field: ["article", "handle"], message: "Handle has already been taken", code: "TAKEN" });
      const metafields = applyMetafieldInputs(core, current.metafields, input.metafields, ["article"], now);
      errors.push(...metafields.errors);
      if (errors.length) return { article: null, userErrors: fitCodes(errors, "ArticleUpdateUserErrorCode") };
      const blogId = materializeBlog(target, now) ?? current.blogId;
      const handle = input.handle ? handleize(input.handle) : current.handle;
      const blogHandle = blogs.get(blogId)?.handle;
      if (input.redirectNewHandle && handle !== current.handle) addRedirect(`/blogs/${blogHandle}/${current.handle}`, `/blogs/${blogHandle}/${handle}`);
      const touchesPublication = input.isPublished != null || input.publishDate != null;
      const record: ArticleRecord = {
        ...current,
        blogId,
        title: input.title?.trim() ?? current.title,
        handle,
        body: input.body ?? current.body,
        summary: input.summary !== undefined ? input.summary : current.summary,
        author: input.author?.name?.trim() ?? current.author,
        tags: input.tags ?? current.tags,
        image: input.image === undefined ? current.image : input.image?.url ? { url: input.image.url, altText: input.image.altText ?? null, width: null, height: null } : null,
        ...(touchesPublication ? publication(input, current, now) : {}),
        templateSuffix: input.templateSuffix !== undefined ? input.templateSuffix : current.templateSuffix,
        updatedAt: now,
        metafields: metafields.records,
      };
      articles.update(record);
      return { article: articleView(record), userErrors: [] };
    },
    articleDelete: (args) => {
      const id = numericId(args.id, "Article") ?? -1;
      if (!articles.get(id)) return { deletedArticleId: null, userErrors: fitCodes([{ field: ["id"], message: "Article does not exist", code: "NOT_FOUND" }], "ArticleDeleteUserErrorCode") };
      articles.remove(id);
      core.now();
      return { deletedArticleId: gid("Article", id), userErrors: [] };
    },
  };
}
