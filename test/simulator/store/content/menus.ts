/** Navigation menus: seeding, views, and menuCreate/Update/Delete. */
import { connection, gid, type ConnectionArgs, type ResolverMap, type StoreCore, type UserError } from "../core";
import type { BlogTables } from "./blogs";
import type { PageRecord } from "./pages";
import { matchesSearch, parseSearch } from "./search";
import { fitCodes, numericId, SeededTable } from "./table";
import { handleize } from "./text";

export interface MenuItemRecord {
  id: number;
  title: string;
  type: string;
  resourceId: string | null;
  url: string | null;
  tags: string[];
  items: MenuItemRecord[];
}

export interface MenuRecord {
  id: number;
  title: string;
  handle: string;
  isDefault: boolean;
  updatedAt: string;
  items: MenuItemRecord[];
}

interface MenuItemInput {
  id?: string | null;
  title: string;
  type: string;
  resourceId?: string | null;
  url?: string | null;
  tags?: string[] | null;
  items?: MenuItemInput[] | null;
}

const MENU_BASE = 305_000_000;
const MENU_ITEM_BASE = 408_000_000;
const FIRST_CREATED_MENU_ITEM_ID = 409_000_000;
/** Shopify menus nest at most three levels deep. */
const MAX_DEPTH = 3;
const MENU_NAMES = ["Main menu", "Footer menu", "Customer service", "Shop by category", "About"];
const DEFAULT_HANDLES = new Set(["main-menu", "footer"]);

export function createMenuTable(core: StoreCore): SeededTable<MenuRecord> {
  const { pages, blogs } = core.preset;
  return new SeededTable<MenuRecord>("Menu", MENU_BASE, core.preset.menus, (index) => {
    const rng = core.rngFor("Menu", index);
    const title = index < MENU_NAMES.length ? MENU_NAMES[index] : `Menu ${index + 1}`;
    const handle = index === 0 ? "main-menu" : index === 1 ? "footer" : handleize(title);
    let seq = 0;
    const nextId = () => MENU_ITEM_BASE + index * 1000 + seq++;
    const leaf = (): MenuItemRecord => {
      const kind = rng.int(0, 5);
      if (kind === 0 && pages > 0) {
        const page = rng.int(0, pages - 1);
        return { id: nextId(), title: `Page ${page + 1}`, type: "PAGE", resourceId: gid("Page", 120_000_000 + page), url: null, tags: [], items: [] };
      }
      if (kind === 1 && blogs > 0) return { id: nextId(), title: "Blog", type: "BLOG", resourceId: gid("Blog", 241_000_000 + rng.int(0, blogs - 1)), url: null, tags: [], items: [] };
      if (kind === 2) return { id: nextId(), title: "Instagram", type: "HTTP", resourceId: null, url: "https://www.instagram.com/example", tags: [], items: [] };
      if (kind === 3) return { id: nextId(), title: "Search", type: "SEARCH", resourceId: null, url: "/search", tags: [], items: [] };
      return { id: nextId(), title: "All products", type: "CATALOG", resourceId: null, url: "/collections/all", tags: [], items: [] };
    };
    const items: MenuItemRecord[] = [{ id: nextId(), title: "Home", type: "FRONTPAGE", resourceId: null, url: "/", tags: [], items: [] }];
    const topLevel = rng.int(2, 5);
    for (let i = 0; i < topLevel; i++) {
      const item = leaf();
      // Some entries become dropdowns, and a few of those get a third level.
      if (rng.bool(0.4)) {
        item.items = Array.from({ length: rng.int(1, 3) }, () => leaf());
        if (rng.bool(0.3)) item.items[0].items = Array.from({ length: rng.int(1, 2) }, () => leaf());
      }
      items.push(item);
    }
    return { id: MENU_BASE + index, title, handle, isDefault: DEFAULT_HANDLES.has(handle), updatedAt: core.seededAt().toISOString(), items };
  });
}

/** Menu queries and mutations. */
export function menuResolvers(core: StoreCore, menus: SeededTable<MenuRecord>, pages: SeededTable<PageRecord>, blogTables: BlogTables) {
  /** Shopify derives a resource item's URL from the resource's current handle. */
  const urlOf = (item: MenuItemRecord): string | null => {
    if (item.type === "PAGE") {
      const page = pages.get(numericId(item.resourceId, "Page") ?? -1);
      return page ? `/pages/${page.handle}` : null;
    }
    if (item.type === "BLOG") {
      const blog = blogTables.blogs.get(numericId(item.resourceId, "Blog") ?? -1);
      return blog ? `/blogs/${blog.handle}` : null;
    }
    if (item.type === "ARTICLE") {
      const article = blogTables.articles.get(numericId(item.resourceId, "Article") ?? -1);
      const blog = article && blogTables.blogs.get(article.blogId);
      return article && blog ? `/blogs/${blog.handle}/${article.handle}` : null;
    }
    return item.url;
  };
  const itemView = (item: MenuItemRecord): Record<string, unknown> => ({
    __typename: "MenuItem",
    id: gid("MenuItem", item.id),
    title: item.title,
    type: item.type,
    resourceId: item.resourceId,
    url: urlOf(item),
    tags: item.tags,
    items: item.items.map(itemView),
  });
  const menuView = (record: MenuRecord) => ({
    __typename: "Menu",
    id: gid("Menu", record.id),
    title: record.title,
    handle: record.handle,
    isDefault: record.isDefault,
    items: (args: { limit?: number | null }) => record.items.slice(0, args.limit ?? undefined).map(itemView),
    translations: () => [],
  });

  const resourceExists = (type: string, resourceId: string | null | undefined): boolean => {
    const checks: Record<string, () => boolean> = {
      PAGE: () => Boolean(pages.get(numericId(resourceId, "Page") ?? -1)),
      BLOG: () => Boolean(blogTables.blogs.get(numericId(resourceId, "Blog") ?? -1)),
      ARTICLE: () => Boolean(blogTables.articles.get(numericId(resourceId, "Article") ?? -1)),
    };
    // Products and collections belong to the catalog domain; only the GID's shape is checked for them.
    return checks[type] ? checks[type]() : resourceId == null || /^gid:\/\/shopify\/\w+\/\d+$/.test(resourceId);
  };

  /** Validates and builds the item tree; existing item ids are kept on update. */
  const buildItems = (inputs: readonly MenuItemInput[], existingIds: Set<number>, errors: UserError[], path: string[], depth: number): MenuItemRecord[] =>
    inputs.map((input, index) => {
      const field = [...path, String(index)];
      if (depth > MAX_DEPTH) errors.push({ field, message: `Menu items can only be nested ${MAX_DEPTH} levels deep`, code: "NESTING_TOO_DEEP" });
      if (!input.title?.trim()) errors.push({ field: [...field, "title"], message: "Title can't be blank" });
      if (!resourceExists(input.type, input.resourceId)) errors.push({ field: [...field, "resourceId"], message: "Resource not found", code: "NOT_FOUND" });
      if (input.type === "HTTP" && !input.url) errors.push({ field: [...field, "url"], message: "Url can't be blank" });
      const keepId = numericId(input.id, "MenuItem");
      return {
        id: keepId !== undefined && existingIds.has(keepId) ? keepId : -1,
        title: input.title?.trim() ?? "",
        type: input.type,
        resourceId: input.resourceId ?? null,
        url: input.url ?? null,
        tags: input.tags ?? [],
        items: buildItems(input.items ?? [], existingIds, errors, [...field, "items"], depth + 1),
      };
    });
  const assignIds = (items: MenuItemRecord[]): MenuItemRecord[] =>
    items.map((item) => ({ ...item, id: item.id >= 0 ? item.id : core.allocateId("MenuItem", FIRST_CREATED_MENU_ITEM_ID), items: assignIds(item.items) }));
  const collectIds = (items: readonly MenuItemRecord[], into = new Set<number>()): Set<number> => {
    for (const item of items) {
      into.add(item.id);
      collectIds(item.items, into);
    }
    return into;
  };
  const handleTaken = (handle: string, except?: number) => menus.all().some((m) => m.handle === handle && m.id !== except);

  const find = (query: unknown) => {
    const terms = parseSearch(query);
    return menus.all().filter((m) => matchesSearch(terms, { id: m.id, title: m.title, handle: m.handle }, m.title));
  };

  const query: ResolverMap = {
    menu: (args) => {
      const record = menus.get(numericId(args.id, "Menu") ?? -1);
      return record ? menuView(record) : null;
    },
    menus: (args, context) => {
      let list = find(args.query);
      if (args.sortKey === "TITLE") list = list.slice().sort((a, b) => a.title.localeCompare(b.title));
      if (args.sortKey === "UPDATED_AT") list = list.slice().sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
      return connection(list.map(menuView), args as ConnectionArgs, context, (m) => numericId(m.id, "Menu") ?? 0);
    },
  };

  const mutation: ResolverMap = {
    menuCreate: (args) => {
      const errors: UserError[] = [];
      const title = String(args.title ?? "").trim();
      const handle = handleize(String(args.handle || title));
      if (!title) errors.push({ field: ["title"], message: "Title can't be blank" });
      if (handleTaken(handle)) errors.push({ field: ["handle"], message: "Handle has already been taken" });
      const items = buildItems(args.items as MenuItemInput[], new Set(), errors, ["items"], 1);
      if (errors.length) return { menu: null, userErrors: fitCodes(errors, "MenuCreateUserErrorCode") };
      const record: MenuRecord = { id: menus.allocate(core), title, handle, isDefault: false, updatedAt: core.now().toISOString(), items: assignIds(items) };
      menus.insert(record);
      // No webhook: Shopify has no menu topics (DESIGN.md §5).
      return { menu: menuView(record), userErrors: [] };
    },
    menuUpdate: (args) => {
      const current = menus.get(numericId(args.id, "Menu") ?? -1);
      if (!current) return { menu: null, userErrors: fitCodes([{ field: ["id"], message: "Menu does not exist", code: "NOT_FOUND" }], "MenuUpdateUserErrorCode") };
      const errors: UserError[] = [];
      const title = String(args.title ?? "").trim();
      if (!title) errors.push({ field: ["title"], message: "Title can't be blank" });
      // Default menus (main menu, footer) keep their handle: the theme refers to them by it.
      const handle = args.handle && !current.isDefault ? handleize(String(args.handle)) : current.handle;
      if (handleTaken(handle, current.id)) errors.push({ field: ["handle"], message: "Handle has already been taken" });
      const items = buildItems(args.items as MenuItemInput[], collectIds(current.items), errors, ["items"], 1);
      if (errors.length) return { menu: null, userErrors: fitCodes(errors, "MenuUpdateUserErrorCode") };
      // The items list replaces the menu's items: entries left out are deleted.
      const record: MenuRecord = { ...current, title, handle, updatedAt: core.now().toISOString(), items: assignIds(items) };
      menus.update(record);
      return { menu: menuView(record), userErrors: [] };
    },
    menuDelete: (args) => {
      const id = numericId(args.id, "Menu") ?? -1;
      const current = menus.get(id);
      if (!current) return { deletedMenuId: null, userErrors: fitCodes([{ field: ["id"], message: "Menu does not exist", code: "MENU_DOES_NOT_EXIST" }], "MenuDeleteUserErrorCode") };
      if (current.isDefault) return { deletedMenuId: null, userErrors: fitCodes([{ field: ["id"], message: "Default menus can't be deleted", code: "UNABLE_TO_DELETE_DEFAULT_MENU" }], "MenuDeleteUserErrorCode") };
      menus.remove(id);
      core.now();
      return { deletedMenuId: gid("Menu", id), userErrors: [] };
    },
  };
  return { query, mutation, menuView };
}
