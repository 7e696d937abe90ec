/**
 * Themes and every file of every theme. Bodies are stored as bytes the way
 * Shopify holds them: text inline, base64 decoded-and-re-encoded, URL bodies
 * downloaded (streamed, checksumMd5 verified) so a file whose body Shopify
 * only offers as a short-lived URL is still restorable.
 */
import { createHash } from "node:crypto";
import { IntegrityError, RetryableError } from "~/errors";
import * as Q from "~/shopify/queries/backup-themes";
import { omit, plain, type JsonObject } from "../normalise";
import type { CanonicalRecord, FetchContext, RecordTypeModule } from "./module";
import { pagedNodes } from "./sources";

/** Manifest GID of a theme file: the theme's GID plus the filename (files have no GID of their own). */
export function themeFileGid(themeGid: string, filename: string): string {
  return `${themeGid}/files/${filename}`;
}

export function normaliseTheme(raw: JsonObject): CanonicalRecord[] {
  const t = plain(raw) as JsonObject;
  // processing flags describe an import in flight, not the theme.
  return [{ type: "Theme", gid: String(t.id), record: omit(t, ["processing", "processingFailed"]) }];
}

interface RawBody {
  __typename?: string;
  content?: string;
  contentBase64?: string;
  url?: string;
}

/** Canonical file body: text stays text; any binary (inline base64 or URL) becomes base64 of the bytes. */
export async function fileBody(body: RawBody | null, ctx: FetchContext, where: JsonObject): Promise<{ encoding: "text" | "base64"; content: string; bytes: Buffer }> {
  if (body && typeof body.content === "string") return { encoding: "text", content: body.content, bytes: Buffer.from(body.content, "utf8") };
  if (body && typeof body.contentBase64 === "string") {
    const bytes = Buffer.from(body.contentBase64, "base64");
    return { encoding: "base64", content: bytes.toString("base64"), bytes };
  }
  if (body && typeof body.url === "string") {
    const bytes = await downloadBytes(ctx, body.url, where);
    return { encoding: "base64", content: bytes.toString("base64"), bytes };
  }
  throw new IntegrityError("Theme file has no readable body", where);
}

/** Streams a URL into one buffer, chunk by chunk (a single file, bounded by Shopify's asset size limits). */
export async function downloadBytes(ctx: FetchContext, url: string, where: JsonObject): Promise<Buffer> {
  const download = ctx.download ?? globalThis.fetch;
  const response = await download(url, { signal: ctx.signal });
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new RetryableError(`Download answered HTTP ${response.status}`, { ...where, status: response.status });
  }
  const chunks: Buffer[] = [];
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** A theme file record; the body's md5 must equal Shopify's checksumMd5 (when Shopify gives one). */
export async function normaliseThemeFile(themeGid: string, raw: JsonObject, ctx: FetchContext): Promise<CanonicalRecord> {
  const filename = String(raw.filename);
  const where = { theme: themeGid, filename };
  const body = await fileBody(raw.body as RawBody | null, ctx, where);
  const md5 = createHash("md5").update(body.bytes).digest("hex");
  if (typeof raw.checksumMd5 === "string" && raw.checksumMd5 !== md5) {
    throw new RetryableError("Theme file body does not match its checksumMd5 (changed while reading?)", { ...where, expected: raw.checksumMd5, actual: md5 });
  }
  const meta = plain(omit(raw, ["body"])) as JsonObject;
  return {
    type: "ThemeFile",
    gid: themeFileGid(themeGid, filename),
    record: { theme: themeGid, ...meta, body: { encoding: body.encoding, content: body.content } },
  };
}

async function* filesOf(ctx: FetchContext, themeGid: string): AsyncGenerator<CanonicalRecord> {
  let after: string | null = null;
  for (;;) {
    const { data }: { data: ThemeFilesPage } = await ctx.client.request<ThemeFilesPage>(Q.BACKUP_THEME_FILES_PAGE, { id: themeGid, first: 250, after }, { signal: ctx.signal });
    if (!data.theme) return;
    for (const edge of data.theme.files.edges) yield await normaliseThemeFile(themeGid, edge.node, ctx);
    if (!data.theme.files.pageInfo.hasNextPage) return;
    after = data.theme.files.pageInfo.endCursor;
  }
}

async function* allThemes(ctx: FetchContext, only?: Set<string>): AsyncGenerator<CanonicalRecord> {
  for await (const node of pagedNodes(ctx, Q.BACKUP_THEMES_PAGE, "themes", 50)) {
    if (only && !only.has(String(node.id))) continue;
    // A theme still importing has no files yet; the next snapshot takes it.
    if (node.processing === true) continue;
    yield* normaliseTheme(node);
    yield* filesOf(ctx, String(node.id));
  }
}

export const themes: RecordTypeModule = {
  name: "themes",
  dataType: "themes",
  types: ["Theme", "ThemeFile"],
  bulk: false,
  normalise: normaliseTheme,
  full: (ctx) => allThemes(ctx),
  paged: (ctx) => allThemes(ctx),
  byIds: (ctx, ids) => allThemes(ctx, new Set(ids)),
};

interface ThemeFilesPage {
  theme: { id: string; files: { edges: { node: JsonObject }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null;
}
