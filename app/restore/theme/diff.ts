/**
 * Snapshot ↔ live file diff for one theme: which files a file-level restore
 * would write (changed, missing) and which it could delete (added since),
 * decided by md5 so identical files are never touched.
 */
import type { AdminClient } from "~/shopify/admin-client";
import type { Repository } from "~/repo";
import { md5Hex, readLiveBodies, readLiveTheme, type LiveTheme } from "./live-files";
import { snapshotThemeFiles, type SnapshotThemeFile } from "./snapshot-files";
import { lineDiff, type DiffGap, type DiffLine } from "./text-diff";

export type FileChange = "changed" | "missing" | "added" | "same";

export interface FileDiffEntry {
  filename: string;
  change: FileChange;
  text: boolean;
  snapshot: { md5: string; size: number } | null;
  live: { md5: string; size: number; updatedAt: string | null } | null;
  /** Line diff live → snapshot for changed text files (when previewed and small enough). */
  lines?: (DiffLine | DiffGap)[] | null;
}

export interface ThemeDiff {
  snapshotId: string;
  sourceThemeGid: string;
  targetThemeGid: string;
  entries: FileDiffEntry[];
  counts: Record<FileChange, number>;
}

export interface DiffOptions {
  signal?: AbortSignal;
  download?: typeof fetch;
  /** Compute line diffs for up to this many changed text files (default 0: none). */
  previewTextFiles?: number;
}

/** Diffs a snapshot's theme files against a live theme (usually the same theme). */
export async function diffTheme(
  repository: Repository,
  client: AdminClient,
  input: { snapshotId: string; sourceThemeGid: string; targetThemeGid: string },
  options: DiffOptions = {},
): Promise<{ diff: ThemeDiff; snapshotFiles: Map<string, SnapshotThemeFile>; live: LiveTheme }> {
  const snapshotFiles = new Map<string, SnapshotThemeFile>();
  for await (const file of snapshotThemeFiles(repository, input.snapshotId, input.sourceThemeGid)) snapshotFiles.set(file.filename, file);
  const live = await readLiveTheme(client, input.targetThemeGid, options.signal);

  // Shopify's checksumMd5 is nullable: such files are compared by their bytes.
  const unknown = [...live.files.values()].filter((f) => f.md5 === null && snapshotFiles.has(f.filename)).map((f) => f.filename);
  const unknownBodies = unknown.length ? await readLiveBodies(client, input.targetThemeGid, unknown, options) : new Map<string, Buffer>();
  for (const [filename, bytes] of unknownBodies) {
    const file = live.files.get(filename);
    if (file) file.md5 = md5Hex(bytes);
  }

  const entries: FileDiffEntry[] = [];
  for (const file of snapshotFiles.values()) {
    const current = live.files.get(file.filename);
    const change: FileChange = !current ? "missing" : current.md5 === file.md5 ? "same" : "changed";
    entries.push({
      filename: file.filename,
      change,
      text: file.text,
      snapshot: { md5: file.md5, size: file.bytes.length },
      live: current ? { md5: current.md5 ?? "", size: current.size, updatedAt: current.updatedAt } : null,
    });
  }
  for (const file of live.files.values()) {
    if (snapshotFiles.has(file.filename)) continue;
    entries.push({ filename: file.filename, change: "added", text: false, snapshot: null, live: { md5: file.md5 ?? "", size: file.size, updatedAt: file.updatedAt } });
  }
  entries.sort((x, y) => (x.filename < y.filename ? -1 : x.filename > y.filename ? 1 : 0));

  const preview = entries.filter((e) => e.change === "changed" && e.text).slice(0, options.previewTextFiles ?? 0);
  if (preview.length) {
    const bodies = await readLiveBodies(client, input.targetThemeGid, preview.map((e) => e.filename), options);
    for (const entry of preview) {
      const before = bodies.get(entry.filename);
      const after = snapshotFiles.get(entry.filename);
      if (before && after) entry.lines = lineDiff(before.toString("utf8"), after.bytes.toString("utf8"));
    }
  }

  const counts: Record<FileChange, number> = { changed: 0, missing: 0, added: 0, same: 0 };
  for (const entry of entries) counts[entry.change] += 1;
  return { diff: { ...input, entries, counts }, snapshotFiles, live };
}
