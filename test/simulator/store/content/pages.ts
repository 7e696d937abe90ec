/** Online Store pages: seeding, the Page view, and pageCreate/Update/Delete. */
import { connection, gid, type ConnectionArgs, type ResolverMap, type SimContext, type StoreCore, type UserError } from "../core";
import { applyMetafieldInputs, metafieldFields, seoMetafields, type MetafieldInput, type MetafieldRecord } from "./metafields";
import { matchesSearch, parseSearch } from "./search";
import { fitCodes, numericId, SeededTable } from "./table";
import { daysBefore, handleize, htmlBody, summarize } from "./text";

export interface PageRecord {
  id: number;
  title: string;
  handle: string;
  body: string;
  isPublished: boolean;
  publishedAt: string | null;
  templateSuffix: string | null;
  createdAt: string;
  updatedAt: string;
  metafields: MetafieldRecord[];
}

const PAGE_BASE = 120_000_000;
const STANDARD_PAGES = ["About us", "Contact", "Shipping policy", "FAQ", "Size guide", "Our story", "Wholesale", "Stockists", "Care instructions", "Careers", "Press", "Sustainability"];

export function createPageTable(core: StoreCore): SeededTable<PageRecord> {
  return new SeededTable<PageRecord>("Page", PAGE_BASE, core.preset.pages, (index) => {
    const rng = core.rngFor("Page", index);
    const base = STANDARD_PAGES[index % STANDARD_PAGES.length];
    const round = Math.floor(index / STANDARD_PAGES.length);
    const title = round === 0 ? base : `${base} ${round + 1}`;
    const createdAt = daysBefore(core.seededAt(), rng.int(30, 900) + rng.next());
    const updatedAt = daysBefore(core.seededAt(), rng.int(0, 29) + rng.next());
    const isPublished = rng.bool(0.85);
    const body = htmlBody(rng, rng.int(1, 4));
    const id = PAGE_BASE + index;
    return {
      id,
      title,
      handle: handleize(title),
      body,
      isPublished,
      publishedAt: isPublished ? createdAt : null,
      templateSuffix: rng.bool(0.2) ? rng.pick(["contact", "faq", "wide"]) : null,
      createdAt,
      updatedAt,
      metafields: seoMetafields(id, rng.bool(0.5) ? summarize(body, 120) : null, createdAt),
    };
  });
}

/** The GraphQL Page object. */
export function pageView(record: PageRecord) {
  const view: Record<string, unknown> = {
    __typename: "Page",
    id: gid("Page", record.id),
    title: record.title,
    handle: record.handle,
    body: record.body,
    bodySummary: summarize(record.body),
    isPublished: record.isPublished,
    publishedAt: record.publishedAt,
    templateSuffix: record.templateSuffix,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    defaultCursor: Buffer.from(JSON.stringify({ k: record.id })).toString("base64url"),
    translations: () => [],
    events: (args: ConnectionArgs, context: SimContext) => connection([], args, context, () => 0),
  };
  Object.assign(view, metafieldFields(record.metafields, "PAGE", () => view));
  return view;
}

interface PageInput {
  title?: string | null;
  handle?: string | null;
  body?: string | null;
  isPublished?: boolean | null;
  publishDate?: string | null;
  templateSuffix?: string | null;
  metafields?: MetafieldInput[] | null;
  redirectNewHandle?: boolean | null;
}

/** Page queries and mutations. */
export function pageResolvers(core: StoreCore, pages: SeededTable<PageRecord>, addRedirect: (path: string, target: string) => void): { query: ResolverMap; mutation: ResolverMap } {
  const handleTaken = (handle: string, except?: number) => pages.all().some((p) => p.handle === handle && p.id !== except);

  const validate = (input: PageInput, creating: boolean, except?: number): UserError[] => {
    const errors: UserError[] = [];
    if (creating || input.title !== undefined) {
      if (!input.title?.trim()) errors.push({ field: ["page", "title"], message: "Title can't be blank", code: "BLANK" });
      else if (input.title.length > 255) errors.push({ field: ["page", "title"], message: "Title is too long (maximum is 255 characters)", code: "TOO_LONG" });
    }
    // An explicit handle must be free; a generated one gets a numeric suffix instead (Shopify behaviour).
    if (input.handle && handleTaken(handleize(input.handle), except)) {
      errors.push({ field: ["page", "handle"], message: "Handle has already been taken", code: "TAKEN" });
    }
    if (input.publishDate && Number.isNaN(Date.parse(input.publishDate))) {
      errors.push({ field: ["page", "publishDate"], message: "Publish date is invalid", code: "INVALID_PUBLISH_DATE" });
    }
    return errors;
  };

  const uniqueHandle = (wanted: string) => {
    let handle = wanted;
    for (let n = 1; handleTaken(handle); n++) handle = `${wanted}-${n}`;
    return handle;
  };

  const publication = (input: PageInput, current: PageRecord | undefined, now: string) => {
    // Shopify publishes a new page unless isPublished is false or a future publishDate is given.
    const isPublished = input.isPublished ?? (input.publishDate ? Date.parse(input.publishDate) <= Date.parse(now) : current?.isPublished ?? true);
    const publishedAt = isPublished ? input.publishDate ?? current?.publishedAt ?? now : input.publishDate ?? null;
    return { isPublished, publishedAt };
  };

  const query: ResolverMap = {
    page: (args) => {
      const id = numericId(args.id, "Page");
      const record = id === undefined ? undefined : pages.get(id);
      return record ? pageView(record) : null;
    },
    // `query` filters (https://shopify.dev/docs/api/admin-graphql/latest/queries/pages; id and published_* since 2025-04): id, title, handle, created_at, updated_at, published_at, published_status.
    pages: (args, context) => {
      const terms = parseSearch(args.query);
      const list = pages.all().filter((p) =>
        matchesSearch(
          terms,
          { id: p.id, title: p.title, handle: p.handle, created_at: p.createdAt, updated_at: p.updatedAt, published_at: p.publishedAt, published_status: p.isPublished ? "published" : "unpublished" },
          p.title,
        ),
      );
      return connection(list.map(pageView), args as ConnectionArgs, context, (p) => numericId(p.id, "Page") ?? 0);
    },
    pagesCount: () => ({ count: pages.count(), precision: "EXACT" }),
  };

  const mutation: ResolverMap = {
    pageCreate: (args) => {
      const input = args.page as PageInput;
      const now = core.now().toISOString();
      const errors = validate(input, true);
      const metafields = applyMetafieldInputs(core, [], input.metafields, ["page"], now);
      errors.push(...metafields.errors);
      if (errors.length) return { page: null, userErrors: fitCodes(errors, "PageCreateUserErrorCode") };
      const record: PageRecord = {
        id: pages.allocate(core),
        title: String(input.title).trim(),
        handle: input.handle ? handleize(input.handle) : uniqueHandle(handleize(String(input.title))),
        body: input.body ?? "",
        ...publication(input, undefined, now),
        templateSuffix: input.templateSuffix ?? null,
        createdAt: now,
        updatedAt: now,
        metafields: metafields.records,
      };
      pages.insert(record);
      // No webhook: Shopify has no topics for pages (DESIGN.md §5), so Snapshelf polls them.
      return { page: pageView(record), userErrors: [] };
    },
    pageUpdate: (args) => {
      const id = numericId(args.id, "Page");
      const current = id === undefined ? undefined : pages.get(id);
      if (!current) return { page: null, userErrors: fitCodes([{ field: ["id"], message: "Page does not exist", code: "NOT_FOUND" }], "PageUpdateUserErrorCode") };
      const input = args.page as PageInput;
      const now = core.now().toISOString();
      const errors = validate(input, false, current.id);
      const metafields = applyMetafieldInputs(core, current.metafields, input.metafields, ["page"], now);
      errors.push(...metafields.errors);
      if (errors.length) return { page: null, userErrors: fitCodes(errors, "PageUpdateUserErrorCode") };
      const touchesPublication = input.isPublished != null || input.publishDate != null;
      const handle = input.handle ? handleize(input.handle) : current.handle;
      // redirectNewHandle: Shopify adds a redirect from the old URL to the new one.
      if (input.redirectNewHandle && handle !== current.handle) addRedirect(`/pages/${current.handle}`, `/pages/${handle}`);
      const record: PageRecord = {
        ...current,
        title: input.title?.trim() ?? current.title,
        handle,
        body: input.body ?? current.body,
        ...(touchesPublication ? publication(input, current, now) : {}),
        templateSuffix: input.templateSuffix !== undefined ? input.templateSuffix : current.templateSuffix,
        updatedAt: now,
        metafields: metafields.records,
      };
      pages.update(record);
      // No webhook: no page topics exist in Shopify.
      return { page: pageView(record), userErrors: [] };
    },
    pageDelete: (args) => {
      const id = numericId(args.id, "Page");
      if (id === undefined || !pages.get(id)) {
        return { deletedPageId: null, userErrors: fitCodes([{ field: ["id"], message: "Page does not exist", code: "NOT_FOUND" }], "PageDeleteUserErrorCode") };
      }
      pages.remove(id);
      core.now();
      // No webhook: no page topics exist in Shopify.
      return { deletedPageId: gid("Page", id), userErrors: [] };
    },
  };
  return { query, mutation };
}
