/** URL redirects: seeding, view, and urlRedirectCreate/Update/Delete. */
import { connection, gid, type ConnectionArgs, type ResolverMap, type StoreCore, type UserError } from "../core";
import { matchesSearch, parseSearch } from "./search";
import { fitCodes, numericId, SeededTable } from "./table";
import { handleize, productPhrase } from "./text";

export interface RedirectRecord {
  id: number;
  path: string;
  target: string;
}

const REDIRECT_BASE = 668_000_000;

export function createRedirectTable(core: StoreCore): SeededTable<RedirectRecord> {
  return new SeededTable<RedirectRecord>("UrlRedirect", REDIRECT_BASE, core.preset.redirects, (index) => {
    const rng = core.rngFor("UrlRedirect", index);
    const phrase = handleize(productPhrase(rng));
    const kind = rng.pick(["products", "collections", "pages", "blogs/news"]);
    // The index keeps seeded paths unique, as Shopify requires.
    const path = `/${kind}/${phrase}-old-${index + 1}`;
    const target = rng.bool(0.1) ? `https://archive.example.com/${phrase}` : `/${kind}/${phrase}`;
    return { id: REDIRECT_BASE + index, path, target };
  });
}

export function redirectView(record: RedirectRecord) {
  return { __typename: "UrlRedirect", id: gid("UrlRedirect", record.id), path: record.path, target: record.target };
}

/** Shopify stores the path without the shop's domain: a full URL is reduced to its path and query. */
function normalizePath(path: string): string {
  const trimmed = path.trim();
  if (/^https?:\/\//i.test(trimmed)) {
    const url = new URL(trimmed);
    return `${url.pathname}${url.search}`;
  }
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

/** Redirect queries and mutations, plus `add` for handle-change redirects from other mutations. */
export function redirectResolvers(core: StoreCore, redirects: SeededTable<RedirectRecord>) {
  const find = (query: unknown) => {
    const terms = parseSearch(query);
    return redirects.all().filter((r) => matchesSearch(terms, { id: r.id, path: r.path, target: r.target }, `${r.path} ${r.target}`));
  };
  const pathTaken = (path: string, except?: number) => redirects.all().some((r) => r.path.toLowerCase() === path.toLowerCase() && r.id !== except);

  const validate = (input: { path?: string | null; target?: string | null }, code: string, current?: RedirectRecord): UserError[] => {
    const errors: UserError[] = [];
    const path = input.path != null ? normalizePath(input.path) : current?.path;
    const target = input.target ?? current?.target;
    if (!path || path === "/") errors.push({ field: ["urlRedirect", "path"], message: "Path can't be blank", code });
    if (!target?.trim()) errors.push({ field: ["urlRedirect", "target"], message: "Target can't be blank", code });
    if (path && path !== "/" && pathTaken(path, current?.id)) errors.push({ field: ["urlRedirect", "path"], message: "Path has already been taken", code });
    if (path && target && path === target) errors.push({ field: ["urlRedirect", "target"], message: "Target can't be the same as path", code });
    return errors;
  };

  const add = (path: string, target: string) => {
    if (pathTaken(path)) return;
    redirects.insert({ id: redirects.allocate(core), path, target });
  };

  const query: ResolverMap = {
    urlRedirect: (args) => {
      const record = redirects.get(numericId(args.id, "UrlRedirect") ?? -1);
      return record ? redirectView(record) : null;
    },
    urlRedirects: (args, context) => {
      let list = find(args.query);
      if (args.sortKey === "PATH") list = list.slice().sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return connection(list.map(redirectView), args as ConnectionArgs, context, (r) => numericId(r.id, "UrlRedirect") ?? 0);
    },
    urlRedirectsCount: (args) => ({ count: find(args.query).length, precision: "EXACT" }),
  };

  const mutation: ResolverMap = {
    urlRedirectCreate: (args) => {
      const input = args.urlRedirect as { path?: string | null; target?: string | null };
      const errors = validate(input, "CREATE_FAILED");
      if (errors.length) return { urlRedirect: null, userErrors: fitCodes(errors, "UrlRedirectErrorCode") };
      const record = { id: redirects.allocate(core), path: normalizePath(String(input.path)), target: String(input.target).trim() };
      redirects.insert(record);
      core.now();
      // No webhook: Shopify has no redirect topics (DESIGN.md §5).
      return { urlRedirect: redirectView(record), userErrors: [] };
    },
    urlRedirectUpdate: (args) => {
      const current = redirects.get(numericId(args.id, "UrlRedirect") ?? -1);
      if (!current) return { urlRedirect: null, userErrors: fitCodes([{ field: ["id"], message: "Redirect does not exist", code: "DOES_NOT_EXIST" }], "UrlRedirectErrorCode") };
      const input = args.urlRedirect as { path?: string | null; target?: string | null };
      const errors = validate(input, "UPDATE_FAILED", current);
      if (errors.length) return { urlRedirect: null, userErrors: fitCodes(errors, "UrlRedirectErrorCode") };
      const record = { ...current, path: input.path != null ? normalizePath(input.path) : current.path, target: input.target?.trim() ?? current.target };
      redirects.update(record);
      core.now();
      return { urlRedirect: redirectView(record), userErrors: [] };
    },
    urlRedirectDelete: (args) => {
      const id = numericId(args.id, "UrlRedirect") ?? -1;
      if (!redirects.get(id)) return { deletedUrlRedirectId: null, userErrors: fitCodes([{ field: ["id"], message: "Redirect does not exist", code: "DOES_NOT_EXIST" }], "UrlRedirectErrorCode") };
      redirects.remove(id);
      core.now();
      return { deletedUrlRedirectId: gid("UrlRedirect", id), userErrors: [] };
    },
  };
  return { query, mutation, add };
}
