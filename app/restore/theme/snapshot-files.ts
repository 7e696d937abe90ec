/**
 * Theme files as a snapshot holds them: the `Theme` and `ThemeFile` records
 * written by app/backup/types/themes.ts (body `{encoding: "text"|"base64",
 * content}`), turned back into exact bytes.
 */
import { createHash } from "node:crypto";
import { IntegrityError, NotFoundError } from "~/errors";
import type { Repository } from "~/repo";

/** One theme file at a snapshot, as bytes. */
export interface SnapshotThemeFile {
  filename: string;
  bytes: Buffer;
  md5: string;
  contentType: string | null;
  /** True when the backup stored the body as text (liquid, json, css …). */
  text: boolean;
}

/** A theme present in a snapshot. */
export interface SnapshotTheme {
  gid: string;
  name: string;
  role: string;
  files: number;
  bytes: number;
}

interface StoredBody {
  encoding: "text" | "base64";
  content: string;
}

/** Exact bytes of a stored ThemeFile record; IntegrityError when they disagree with the stored checksum. */
export function themeFileFromRecord(record: Record<string, unknown>): SnapshotThemeFile {
  const filename = String(record.filename);
  const body = record.body as StoredBody | undefined;
  if (!body || (body.encoding !== "text" && body.encoding !== "base64") || typeof body.content !== "string") {
    throw new IntegrityError("Stored theme file has no readable body", { filename });
  }
  const bytes = Buffer.from(body.content, body.encoding === "text" ? "utf8" : "base64");
  const md5 = createHash("md5").update(bytes).digest("hex");
  // The backup checked the body against Shopify's checksum; a mismatch now means the record is not what was stored.
  if (typeof record.checksumMd5 === "string" && record.checksumMd5 !== md5) {
    throw new IntegrityError("Stored theme file does not match its checksum", { filename, expected: record.checksumMd5, actual: md5 });
  }
  return { filename, bytes, md5, contentType: typeof record.contentType === "string" ? record.contentType : null, text: body.encoding === "text" };
}

/**
 * Streams one theme's files at a snapshot, in filename order. The manifest is
 * sorted by (type, GID) and file GIDs are `<theme GID>/files/<name>`, so the
 * theme's files form one run: reading stops right after it.
 */
export async function* snapshotThemeFiles(repository: Repository, snapshotId: string, themeGid: string): AsyncGenerator<SnapshotThemeFile> {
  const prefix = `${themeGid}/files/`;
  let inRun = false;
  for await (const entry of repository.readSnapshot(snapshotId, { types: ["ThemeFile"] })) {
    const match = entry.gid.startsWith(prefix);
    if (!match) {
      if (inRun) return;
      continue;
    }
    inRun = true;
    if (!entry.record) throw new IntegrityError("Theme file record is unreadable", { gid: entry.gid });
    yield themeFileFromRecord(entry.record);
  }
}

/** The Theme record at a snapshot (name, role); NotFoundError when the snapshot has no such theme. */
export async function snapshotThemeInfo(repository: Repository, snapshotId: string, themeGid: string): Promise<{ gid: string; name: string; role: string }> {
  const found = await repository.getRecord(snapshotId, "Theme", themeGid);
  if (!found) throw new NotFoundError("This theme is not in the snapshot", { snapshotId, themeGid });
  return { gid: themeGid, name: String(found.record.name ?? "Theme"), role: String(found.record.role ?? "UNPUBLISHED") };
}

/** Every theme of a snapshot with its file count and bytes (one pass over the snapshot). */
export async function listSnapshotThemes(repository: Repository, snapshotId: string): Promise<SnapshotTheme[]> {
  const themes = new Map<string, SnapshotTheme>();
  for await (const entry of repository.readSnapshot(snapshotId, { types: ["Theme", "ThemeFile"] })) {
    if (entry.type === "Theme" && entry.record) {
      const theme = themes.get(entry.gid) ?? { gid: entry.gid, name: "", role: "", files: 0, bytes: 0 };
      theme.name = String(entry.record.name ?? "Theme");
      theme.role = String(entry.record.role ?? "");
      themes.set(entry.gid, theme);
    } else if (entry.type === "ThemeFile" && entry.record) {
      const gid = String(entry.record.theme);
      const theme = themes.get(gid) ?? { gid, name: "", role: "", files: 0, bytes: 0 };
      theme.files += 1;
      theme.bytes += Number(entry.record.size ?? 0);
      themes.set(gid, theme);
    }
  }
  return [...themes.values()].sort((a, b) => (a.role === "MAIN" ? -1 : b.role === "MAIN" ? 1 : a.name.localeCompare(b.name)));
}
