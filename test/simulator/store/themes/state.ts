/** Themes and their files: in-memory state, seeding, and the GraphQL views. */
import { createHash } from "node:crypto";
import { connection, encodeCursor, decodeCursor, gid, SimUserError, type ConnectionArgs, type SimContext, type StoreCore } from "../core";
import { daysBefore } from "../content/text";
import { contentTypeOf, generateFile, isTextFile, themeFilenames } from "./seed";

export interface ThemeFile {
  filename: string;
  body: Uint8Array;
  checksumMd5: string;
  contentType: string;
  createdAt: string;
  updatedAt: string;
}

export interface Theme {
  id: number;
  name: string;
  role: string;
  themeStoreId: number | null;
  createdAt: string;
  updatedAt: string;
  processing: boolean;
  processingFailed: boolean;
  /** Wall-clock ms after which an imported theme's files are ready (themeCreate processing). */
  readyAt: number;
  /** Files once materialised; null until a seeded theme is first read. */
  files: Map<string, ThemeFile> | null;
  /** Index of a seeded theme (its files are generated from it), or -1. */
  seedIndex: number;
}

const THEME_BASE = 136_000_000_000;
/** Shopify's documented maximum for OnlineStoreTheme.files(first:). */
export const MAX_FILES_PER_PAGE = 2500;
/** Shopify's documented maximum number of `filenames` patterns. */
export const MAX_FILENAME_PATTERNS = 50;
/**
 * Binary files larger than this arrive as OnlineStoreThemeFileBodyUrl, smaller
 * ones as OnlineStoreThemeFileBodyBase64; text always as OnlineStoreThemeFileBodyText.
 * Shopify documents the three union members but not when each is chosen: this
 * split is the simulator's assumption, made so clients handle all three.
 */
export const INLINE_BINARY_LIMIT = 64 * 1024;

export function makeFile(filename: string, body: Uint8Array, at: string, createdAt = at): ThemeFile {
  return { filename, body, checksumMd5: createHash("md5").update(body).digest("hex"), contentType: contentTypeOf(filename), createdAt, updatedAt: at };
}

export class ThemeState {
  readonly themes = new Map<number, Theme>();
  /** Shopify "fewer than n files may be returned to stay within the payload size limit": bytes per page. */
  payloadLimit = 4 * 1024 * 1024;

  constructor(readonly core: StoreCore) {
    const names = ["Dawn", "Dawn — holiday draft", "Refresh", "Sense"];
    for (let i = 0; i < core.preset.themes; i++) {
      const rng = core.rngFor("Theme", i);
      const createdAt = daysBefore(core.seededAt(), rng.int(60, 700) + rng.next());
      this.themes.set(THEME_BASE + i, {
        id: THEME_BASE + i,
        name: names[i % names.length],
        // One published theme; the others are unpublished copies or alternatives.
        role: i === 0 ? "MAIN" : "UNPUBLISHED",
        themeStoreId: 887,
        createdAt,
        updatedAt: daysBefore(core.seededAt(), rng.int(0, 30) + rng.next()),
        processing: false,
        processingFailed: false,
        readyAt: 0,
        files: null,
        seedIndex: i,
      });
    }
  }

  get(id: number): Theme | undefined {
    const theme = this.themes.get(id);
    if (theme?.processing && Date.now() >= theme.readyAt) theme.processing = false;
    return theme;
  }

  nextId(): number {
    return this.core.allocateId("OnlineStoreTheme", THEME_BASE + this.core.preset.themes);
  }

  /** The theme's files, generating a seeded theme's files on first use. */
  filesOf(theme: Theme): Map<string, ThemeFile> {
    if (!theme.files) {
      const files = new Map<string, ThemeFile>();
      for (const [index, filename] of themeFilenames(this.core.preset.filesPerTheme).entries()) {
        // Later themes are mostly copies of the first (as a duplicated theme is); about one file in five differs.
        const differs = theme.seedIndex > 0 && this.core.rngFor("ThemeCopy", theme.seedIndex * 100_000 + index).bool(0.2);
        const seedTheme = differs ? theme.seedIndex : 0;
        const rng = this.core.rngFor("ThemeFile", seedTheme * 100_000 + index);
        const at = daysBefore(new Date(theme.updatedAt), rng.int(0, 200) + rng.next());
        files.set(filename, makeFile(filename, generateFile(rng, filename), at < theme.createdAt ? theme.createdAt : at, theme.createdAt));
      }
      theme.files = files;
    }
    return theme.files;
  }
}

function fileView(theme: Theme, file: ThemeFile) {
  return {
    __typename: "OnlineStoreThemeFile",
    filename: file.filename,
    checksumMd5: file.checksumMd5,
    contentType: file.contentType,
    size: String(file.body.byteLength),
    createdAt: file.createdAt,
    updatedAt: file.updatedAt,
    body: (_args: unknown, context: SimContext) => {
      if (isTextFile(file.filename)) return { __typename: "OnlineStoreThemeFileBodyText", content: Buffer.from(file.body).toString("utf8") };
      if (file.body.byteLength <= INLINE_BINARY_LIMIT) return { __typename: "OnlineStoreThemeFileBodyBase64", contentBase64: Buffer.from(file.body).toString("base64") };
      // A short-lived URL: the checksum pins the bytes, so the URL stops working once the file changes.
      return { __typename: "OnlineStoreThemeFileBodyUrl", url: `${context.cdnBaseUrl}/themes/${theme.id}/${file.filename}?v=${file.checksumMd5}` };
    },
  };
}

function patternToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

/** OnlineStoreTheme.files(filenames:, first:, after:) with Shopify's limits. */
function filesConnection(state: ThemeState, theme: Theme, args: { filenames?: string[] | null; first?: number | null; after?: string | null }, context: SimContext) {
  const patterns = args.filenames ?? null;
  if (patterns && patterns.length > MAX_FILENAME_PATTERNS) throw new SimUserError(`At most ${MAX_FILENAME_PATTERNS} filenames can be specified`, "filenames");
  const first = args.first ?? 50;
  if (first > MAX_FILES_PER_PAGE) throw new SimUserError(`At most ${MAX_FILES_PER_PAGE} files can be fetched at once`, "first");
  // While an imported theme is processing its files are not there yet.
  const all = theme.processing ? [] : [...state.filesOf(theme).values()].sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
  const regexps = patterns?.map(patternToRegExp);
  let list = regexps ? all.filter((f) => regexps.some((r) => r.test(f.filename))) : all;
  const userErrors = (patterns ?? []).filter((p) => !p.includes("*") && !all.some((f) => f.filename === p)).map((filename) => ({ code: "NOT_FOUND", filename }));
  const afterKey = args.after ? String(decodeCursor(args.after)) : null;
  const start = afterKey === null ? 0 : list.findIndex((f) => f.filename > afterKey);
  list = start < 0 ? [] : list.slice(start);
  const page: ThemeFile[] = [];
  let bytes = 0;
  for (const file of list) {
    if (!context.bulk && page.length >= first) break;
    if (!context.bulk && page.length > 0 && bytes + file.body.byteLength > state.payloadLimit) break;
    page.push(file);
    bytes += file.body.byteLength;
  }
  const edges = page.map((file) => ({ cursor: encodeCursor(file.filename), node: fileView(theme, file) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    userErrors,
    pageInfo: {
      hasNextPage: page.length < list.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

export function themeView(state: ThemeState, theme: Theme) {
  return {
    __typename: "OnlineStoreTheme",
    id: gid("OnlineStoreTheme", theme.id),
    name: theme.name,
    role: theme.role,
    prefix: `/t/${theme.id - THEME_BASE + 1}`,
    themeStoreId: theme.themeStoreId,
    createdAt: theme.createdAt,
    updatedAt: theme.updatedAt,
    processing: theme.processing,
    processingFailed: theme.processingFailed,
    translations: () => [],
    files: (args: { filenames?: string[] | null; first?: number | null; after?: string | null }, context: SimContext) => filesConnection(state, theme, args, context),
  };
}

/** Root `theme` and `themes` fields. */
export function themeQueries(state: ThemeState) {
  return {
    theme: (args: Record<string, unknown>) => {
      const match = /^gid:\/\/shopify\/OnlineStoreTheme\/(\d+)$/.exec(String(args.id));
      const theme = match ? state.get(Number(match[1])) : undefined;
      return theme ? themeView(state, theme) : null;
    },
    themes: (args: Record<string, unknown>, context: SimContext) => {
      const roles = args.roles as string[] | null | undefined;
      const names = args.names as string[] | null | undefined;
      const list = [...state.themes.keys()]
        .sort((a, b) => a - b)
        .map((id) => state.get(id) as Theme)
        .filter((t) => (!roles || roles.includes(t.role)) && (!names || names.includes(t.name)));
      return connection(list.map((t) => themeView(state, t)), args as ConnectionArgs, context, (view) => view.id);
    },
  };
}

/** The REST-shaped theme payload of themes/* webhooks. */
export function themePayload(theme: Theme) {
  return {
    id: theme.id,
    name: theme.name,
    created_at: theme.createdAt,
    updated_at: theme.updatedAt,
    role: theme.role.toLowerCase(),
    theme_store_id: theme.themeStoreId,
    previewable: true,
    processing: theme.processing,
    admin_graphql_api_id: gid("OnlineStoreTheme", theme.id),
  };
}
