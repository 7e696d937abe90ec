/**
 * File-level restore into an existing theme: writes only the selected files
 * that differ from the snapshot (themeFilesUpsert, ≤ 50 a call) and deletes
 * only the selected files added since (themeFilesDelete). Every decision is
 * re-made from the live state, so a resumed run skips what already matches.
 */
import type { Repository } from "~/repo";
import type { AdminClient } from "~/shopify/admin-client";
import { RESTORE_THEME_FILES_DELETE, RESTORE_THEME_FILES_UPSERT } from "~/shopify/queries/restore-theme-documents";
import { isThemeWriteDenied, ThemeWriteAccessError } from "./access";
import { diffTheme } from "./diff";
import { readLiveTheme } from "./live-files";
import { summarise, type FileReport, type ProgressFn, type ThemeRestoreReport } from "./report";
import type { SnapshotThemeFile } from "./snapshot-files";

/** themeFilesUpsert "can process a maximum of 50 files in a single request". */
export const MAX_FILES_PER_UPSERT = 50;
/** Keeps one request's body moderate when binaries are large (base64 grows them by a third). */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

export interface FileRestoreDeps {
  repository: Repository;
  client: AdminClient;
  signal?: AbortSignal;
  progress?: ProgressFn;
  download?: typeof fetch;
  /** Re-reads after writing until checksums match (Shopify writes files asynchronously). */
  verifyAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface FileRestoreInput {
  snapshotId: string;
  /** The theme as the snapshot holds it. */
  sourceThemeGid: string;
  /** The live theme written into (usually the same theme). */
  targetThemeGid: string;
  /** Files to bring back to their snapshot state (changed or missing). */
  files: string[];
  /** Files added since the snapshot that the merchant chose to delete. */
  deletions: string[];
}

interface UpsertPayload {
  themeFilesUpsert: { upsertedThemeFiles: { filename: string }[] | null; userErrors: { message: string; code: string | null; filename: string | null }[] };
}

interface DeletePayload {
  themeFilesDelete: { deletedThemeFiles: { filename: string }[] | null; userErrors: { message: string; code: string | null; filename: string | null }[] };
}

function batches(files: SnapshotThemeFile[]): SnapshotThemeFile[][] {
  const out: SnapshotThemeFile[][] = [];
  let current: SnapshotThemeFile[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length && (current.length >= MAX_FILES_PER_UPSERT || bytes + file.bytes.length > MAX_BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.bytes.length;
  }
  if (current.length) out.push(current);
  return out;
}

/** Restores the selected files of a theme to the snapshot; ThemeWriteAccessError without the write exemption. */
export async function restoreThemeFiles(deps: FileRestoreDeps, input: FileRestoreInput): Promise<ThemeRestoreReport> {
  const { diff, snapshotFiles, live } = await diffTheme(deps.repository, deps.client, input, { signal: deps.signal, download: deps.download });
  const byName = new Map(diff.entries.map((e) => [e.filename, e]));
  const report = new Map<string, FileReport>();
  const toWrite: SnapshotThemeFile[] = [];
  for (const filename of new Set(input.files)) {
    const entry = byName.get(filename);
    const file = snapshotFiles.get(filename);
    if (!entry || !file) report.set(filename, { filename, outcome: "failed", reason: "not in the snapshot" });
    else if (entry.change === "same") report.set(filename, { filename, outcome: "skipped", reason: "already matches the snapshot" });
    else toWrite.push(file);
  }
  const toDelete: string[] = [];
  for (const filename of new Set(input.deletions)) {
    if (snapshotFiles.has(filename)) report.set(filename, { filename, outcome: "skipped", reason: "in the snapshot, so not deleted" });
    else if (!live.files.has(filename)) report.set(filename, { filename, outcome: "skipped", reason: "already deleted" });
    else toDelete.push(filename);
  }

  const total = toWrite.length + toDelete.length;
  let done = 0;
  await deps.progress?.("writing-files", 0, total);
  const call = async <T>(document: string, variables: Record<string, unknown>): Promise<T> => {
    try {
      return (await deps.client.request<T>(document, variables, { signal: deps.signal })).data;
    } catch (error) {
      if (isThemeWriteDenied(error)) throw new ThemeWriteAccessError({ theme: input.targetThemeGid, restored: done });
      throw error;
    }
  };

  for (const batch of batches(toWrite)) {
    deps.signal?.throwIfAborted();
    const files = batch.map((f) => ({ filename: f.filename, body: f.text ? { type: "TEXT", value: f.bytes.toString("utf8") } : { type: "BASE64", value: f.bytes.toString("base64") } }));
    const data = await call<UpsertPayload>(RESTORE_THEME_FILES_UPSERT, { themeId: input.targetThemeGid, files });
    const errors = new Map(data.themeFilesUpsert.userErrors.map((e) => [e.filename ?? "", e.message]));
    const general = data.themeFilesUpsert.userErrors.filter((e) => !e.filename).map((e) => e.message).join("; ");
    const written = new Set((data.themeFilesUpsert.upsertedThemeFiles ?? []).map((f) => f.filename));
    for (const file of batch) {
      if (written.has(file.filename)) report.set(file.filename, { filename: file.filename, outcome: "restored" });
      else report.set(file.filename, { filename: file.filename, outcome: "failed", reason: errors.get(file.filename) ?? (general || "Shopify did not write this file") });
    }
    done += batch.length;
    await deps.progress?.("writing-files", done, total);
  }

  for (let i = 0; i < toDelete.length; i += MAX_FILES_PER_UPSERT) {
    deps.signal?.throwIfAborted();
    const names = toDelete.slice(i, i + MAX_FILES_PER_UPSERT);
    const data = await call<DeletePayload>(RESTORE_THEME_FILES_DELETE, { themeId: input.targetThemeGid, files: names });
    const deleted = new Set((data.themeFilesDelete.deletedThemeFiles ?? []).map((f) => f.filename));
    const errors = new Map(data.themeFilesDelete.userErrors.map((e) => [e.filename ?? "", e]));
    for (const filename of names) {
      const error = errors.get(filename);
      if (deleted.has(filename)) report.set(filename, { filename, outcome: "deleted" });
      else if (error?.code === "NOT_FOUND") report.set(filename, { filename, outcome: "skipped", reason: "already deleted" });
      else report.set(filename, { filename, outcome: "failed", reason: error?.message ?? "Shopify did not delete this file" });
    }
    done += names.length;
    await deps.progress?.("writing-files", done, total);
  }

  await verifyWrites(deps, input.targetThemeGid, report, snapshotFiles);
  const files = [...report.values()].sort((a, b) => (a.filename < b.filename ? -1 : 1));
  return summarise({ mode: "files", snapshotId: input.snapshotId, sourceThemeGid: input.sourceThemeGid, targetThemeGid: input.targetThemeGid, targetThemeName: live.name, files });
}

/** Reads the theme back: restored files must carry the snapshot's checksum, deleted files must be gone. */
async function verifyWrites(deps: FileRestoreDeps, themeGid: string, report: Map<string, FileReport>, snapshotFiles: Map<string, SnapshotThemeFile>): Promise<void> {
  const pending = () => [...report.values()].filter((r) => r.outcome === "restored" || r.outcome === "deleted");
  if (pending().length === 0) return;
  const attempts = deps.verifyAttempts ?? 5;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    const live = await readLiveTheme(deps.client, themeGid, deps.signal);
    const wrong = pending().filter((r) => {
      const got = live.files.get(r.filename);
      if (r.outcome === "deleted") return got !== undefined;
      return !got || (got.md5 !== null && got.md5 !== snapshotFiles.get(r.filename)?.md5);
    });
    if (wrong.length === 0) return;
    if (attempt >= attempts) {
      for (const r of wrong) report.set(r.filename, { filename: r.filename, outcome: "mismatch", reason: "the store does not show the restored state after writing" });
      return;
    }
    // Shopify applies themeFilesUpsert through a background job: give it a moment.
    await sleep(500 * attempt);
  }
}

