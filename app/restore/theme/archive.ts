/**
 * Theme archives: a snapshot's theme written as a zip into scratch space,
 * and served back to whoever holds a valid token. The route rebuilds the
 * file when this process did not build it (several app instances), and the
 * fixed entry order and timestamps make the rebuilt bytes identical.
 */
import { createReadStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { UserFacingError } from "~/errors";
import type { Repository } from "~/repo";
import { verifyArchiveToken } from "./archive-token";
import { snapshotThemeFiles } from "./snapshot-files";
import { ZipFileWriter } from "./zip";

/** Shopify's limit for a theme zip given to themeCreate. */
export const MAX_THEME_ZIP_BYTES = 50 * 1024 * 1024;

/** One file as written to the archive (the verification list). */
export interface ArchivedFile {
  filename: string;
  md5: string;
  size: number;
}

export interface BuiltArchive {
  path: string;
  bytes: number;
  files: ArchivedFile[];
}

const safeId = (archiveId: string) => {
  if (!/^[A-Za-z0-9_-]{8,80}$/.test(archiveId)) throw new UserFacingError("Invalid archive id", { archiveId });
  return archiveId;
};

/** Where an archive lives in scratch space. */
export function archivePath(scratchDir: string, archiveId: string): string {
  return join(scratchDir, `${safeId(archiveId)}.zip`);
}

/** Writes the theme's files at the snapshot into `<scratchDir>/<archiveId>.zip` (atomically: temp file, then rename). */
export async function buildThemeArchive(repository: Repository, snapshotId: string, themeGid: string, scratchDir: string, archiveId: string): Promise<BuiltArchive> {
  await mkdir(scratchDir, { recursive: true });
  const path = archivePath(scratchDir, archiveId);
  const partial = `${path}.${process.pid}.${Date.now()}.part`;
  const writer = await ZipFileWriter.create(partial);
  const files: ArchivedFile[] = [];
  try {
    for await (const file of snapshotThemeFiles(repository, snapshotId, themeGid)) {
      await writer.add(file.filename, file.bytes);
      files.push({ filename: file.filename, md5: file.md5, size: file.bytes.length });
    }
    const summary = await writer.finish();
    await rename(partial, path);
    return { path, bytes: summary.bytes, files };
  } catch (error) {
    await writer.abort();
    await rm(partial, { force: true });
    throw error;
  }
}

export interface ArchiveRouteDeps {
  appSecret: string;
  scratchDir: string;
  openRepository(shop: string): Promise<Repository>;
  now?: () => number;
}

const notFound = () => new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });

/** The answer to GET /api/theme-archive/<token>: the zip, or 404 for any token that is not valid now. */
export async function themeArchiveResponse(token: string, deps: ArchiveRouteDeps): Promise<Response> {
  const grant = verifyArchiveToken(token, deps.appSecret, (deps.now ?? Date.now)());
  if (!grant) return notFound();
  const path = archivePath(deps.scratchDir, grant.archiveId);
  let size = await stat(path).then((s) => s.size, () => -1);
  if (size < 0) {
    const built = await buildThemeArchive(await deps.openRepository(grant.shop), grant.snapshotId, grant.themeGid, deps.scratchDir, grant.archiveId);
    if (built.files.length === 0) {
      await rm(built.path, { force: true });
      return notFound();
    }
    size = built.bytes;
  }
  const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "application/zip",
      "Content-Length": String(size),
      "Content-Disposition": `attachment; filename="theme-${grant.archiveId}.zip"`,
      "Cache-Control": "private, no-store",
    },
  });
}
