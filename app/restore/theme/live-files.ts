/** A theme's files as they are in the store now (metadata, and bodies on demand). */
import { createHash } from "node:crypto";
import { NotFoundError, RetryableError } from "~/errors";
import type { AdminClient } from "~/shopify/admin-client";
import { RESTORE_THEME_FILE_BODIES, RESTORE_THEME_FILE_CHECKSUMS } from "~/shopify/queries/restore-theme-documents";

/** One live file's identity for diffing. */
export interface LiveThemeFile {
  filename: string;
  /** Null when Shopify gives no checksum (then the body decides). */
  md5: string | null;
  size: number;
  updatedAt: string | null;
}

export interface LiveTheme {
  gid: string;
  name: string;
  role: string;
  processing: boolean;
  files: Map<string, LiveThemeFile>;
}

interface ChecksumPage {
  theme: {
    id: string;
    name: string;
    role: string;
    processing: boolean;
    files: { nodes: { filename: string; checksumMd5: string | null; size: string; updatedAt: string | null }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  } | null;
}

interface BodyPage {
  theme: {
    files: {
      nodes: { filename: string; body: { __typename: string; content?: string; contentBase64?: string; url?: string } | null }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  } | null;
}

/** Every file's checksum and size (no bodies, so pages stay small); NotFoundError when the theme is gone. */
export async function readLiveTheme(client: AdminClient, themeGid: string, signal?: AbortSignal): Promise<LiveTheme> {
  const files = new Map<string, LiveThemeFile>();
  let after: string | null = null;
  let theme: LiveTheme | undefined;
  for (;;) {
    const { data }: { data: ChecksumPage } = await client.request<ChecksumPage>(RESTORE_THEME_FILE_CHECKSUMS, { id: themeGid, first: 250, after }, { signal });
    if (!data.theme) throw new NotFoundError("The theme no longer exists in the store", { themeGid });
    theme ??= { gid: data.theme.id, name: data.theme.name, role: data.theme.role, processing: data.theme.processing, files };
    for (const node of data.theme.files.nodes) {
      files.set(node.filename, { filename: node.filename, md5: node.checksumMd5, size: Number(node.size), updatedAt: node.updatedAt });
    }
    if (!data.theme.files.pageInfo.hasNextPage) break;
    after = data.theme.files.pageInfo.endCursor;
  }
  return theme as LiveTheme;
}

/** Shopify's limit on `filenames` patterns per files() call. */
const NAMES_PER_CALL = 50;

/** Exact live bytes of the named files (URL bodies downloaded). Absent files are left out. */
export async function readLiveBodies(
  client: AdminClient,
  themeGid: string,
  filenames: string[],
  options: { signal?: AbortSignal; download?: typeof fetch } = {},
): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const download = options.download ?? globalThis.fetch;
  for (let i = 0; i < filenames.length; i += NAMES_PER_CALL) {
    // `*` is a wildcard in filenames patterns; a literal name containing one could match others, which the filter below drops.
    const names = filenames.slice(i, i + NAMES_PER_CALL);
    const wanted = new Set(names);
    let after: string | null = null;
    for (;;) {
      const { data }: { data: BodyPage } = await client.request<BodyPage>(RESTORE_THEME_FILE_BODIES, { id: themeGid, filenames: names, first: NAMES_PER_CALL, after }, { signal: options.signal });
      if (!data.theme) throw new NotFoundError("The theme no longer exists in the store", { themeGid });
      for (const node of data.theme.files.nodes) {
        if (!wanted.has(node.filename) || !node.body) continue;
        const body = node.body;
        if (typeof body.content === "string") out.set(node.filename, Buffer.from(body.content, "utf8"));
        else if (typeof body.contentBase64 === "string") out.set(node.filename, Buffer.from(body.contentBase64, "base64"));
        else if (typeof body.url === "string") {
          const response = await download(body.url, { signal: options.signal });
          if (!response.ok) throw new RetryableError(`Theme file download answered HTTP ${response.status}`, { themeGid, filename: node.filename });
          out.set(node.filename, Buffer.from(await response.arrayBuffer()));
        }
      }
      if (!data.theme.files.pageInfo.hasNextPage) break;
      after = data.theme.files.pageInfo.endCursor;
    }
  }
  return out;
}

/** md5 hex of bytes. */
export const md5Hex = (bytes: Uint8Array): string => createHash("md5").update(bytes).digest("hex");
