/**
 * Restore as a new theme (the safe default): the snapshot's theme becomes a
 * zip in scratch space, Shopify fetches it from a short-lived signed URL
 * through `themeCreate(role: UNPUBLISHED)`, and once it has finished
 * processing every file is checked against the snapshot by md5. The live
 * theme is never written.
 */
import { rm } from "node:fs/promises";
import { RetryableError, UserFacingError } from "~/errors";
import type { Repository } from "~/repo";
import type { AdminClient } from "~/shopify/admin-client";
import { RESTORE_THEME_CREATE, RESTORE_THEME_STATUS } from "~/shopify/queries/restore-theme-documents";
import { archivePath, buildThemeArchive, MAX_THEME_ZIP_BYTES, type ArchivedFile } from "./archive";
import { signArchiveToken } from "./archive-token";
import { readLiveTheme } from "./live-files";
import { summarise, type FileReport, type ProgressFn, type RestoreJournal, type ThemeRestoreReport } from "./report";
import { snapshotThemeFiles, snapshotThemeInfo } from "./snapshot-files";

export interface NewThemeDeps {
  repository: Repository;
  client: AdminClient;
  shop: string;
  /** Public base URL of the app, e.g. https://snapshelf.example (Shopify fetches the archive from it). */
  appUrl: string;
  appSecret: string;
  /** Folder for built archives (this process's scratch space). */
  scratchDir: string;
  journal: RestoreJournal;
  signal?: AbortSignal;
  progress?: ProgressFn;
  /** How long the archive URL stays valid (default 1 h: Shopify may fetch late or retry). */
  tokenTtlMs?: number;
  pollMs?: number;
  /** Give up waiting for processing after this long (default 10 min; the job retries and keeps waiting). */
  processingTimeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface NewThemeInput {
  snapshotId: string;
  themeGid: string;
  /** Stable for one restore run (the job id): names the archive and keeps resume idempotent. */
  runId: string;
}

interface CreatePayload {
  themeCreate: { theme: { id: string; name: string; processing: boolean } | null; userErrors: { field: string[] | null; message: string; code: string | null }[] };
}

interface StatusPayload {
  theme: { id: string; name: string; processing: boolean; processingFailed: boolean } | null;
}

/** The new theme's name: which theme, and from which day. */
export function restoredThemeName(name: string, snapshotTakenAt: string): string {
  return `${name} (restored ${snapshotTakenAt.slice(0, 10)})`;
}

const archiveIdOf = (runId: string) => `theme-${runId.replace(/[^A-Za-z0-9_-]/g, "")}`.slice(0, 80);

/** Creates the snapshot's theme as a new unpublished theme and verifies it file by file. */
export async function restoreAsNewTheme(deps: NewThemeDeps, input: NewThemeInput): Promise<ThemeRestoreReport> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const theme = await snapshotThemeInfo(deps.repository, input.snapshotId, input.themeGid);
  const snapshot = await deps.repository.getSnapshot(input.snapshotId);
  const name = restoredThemeName(theme.name, snapshot.startedAt);
  const archiveId = archiveIdOf(input.runId);

  let created = await deps.journal.get("created-theme");
  let expected: ArchivedFile[];
  if (!created) {
    await deps.progress?.("building-archive", 0);
    const built = await buildThemeArchive(deps.repository, input.snapshotId, input.themeGid, deps.scratchDir, archiveId);
    expected = built.files;
    if (built.files.length === 0) throw new UserFacingError("The snapshot holds no files for this theme, so there is nothing to restore.", { ...input });
    if (built.bytes > MAX_THEME_ZIP_BYTES) {
      await rm(built.path, { force: true });
      throw new UserFacingError("This theme is larger than the 50 MB Shopify accepts for a theme upload. Restore it file by file instead.", { ...input, bytes: built.bytes });
    }
    deps.signal?.throwIfAborted();
    const token = signArchiveToken({ shop: deps.shop, snapshotId: input.snapshotId, themeGid: input.themeGid, archiveId, expiresAt: now() + (deps.tokenTtlMs ?? 3_600_000) }, deps.appSecret);
    const source = `${deps.appUrl.replace(/\/$/, "")}/api/theme-archive/${token}`;
    await deps.progress?.("creating-theme", 0, built.files.length);
    const { data } = await deps.client.request<CreatePayload>(RESTORE_THEME_CREATE, { source, name, role: "UNPUBLISHED" }, { signal: deps.signal });
    const result = data.themeCreate;
    if (!result.theme) {
      await rm(built.path, { force: true });
      throw new UserFacingError(`Shopify could not create the theme: ${result.userErrors.map((e) => e.message).join("; ") || "no reason given"}`, { ...input, codes: result.userErrors.map((e) => e.code) });
    }
    created = result.theme.id;
    // Journal before waiting: a resumed job must wait for this theme, never create a second one.
    await deps.journal.put("created-theme", created);
  } else {
    expected = [];
    for await (const file of snapshotThemeFiles(deps.repository, input.snapshotId, input.themeGid)) expected.push({ filename: file.filename, md5: file.md5, size: file.bytes.length });
  }

  await deps.progress?.("processing", 0, expected.length);
  const deadline = now() + (deps.processingTimeoutMs ?? 600_000);
  for (;;) {
    deps.signal?.throwIfAborted();
    const { data } = await deps.client.request<StatusPayload>(RESTORE_THEME_STATUS, { id: created }, { signal: deps.signal });
    if (!data.theme) throw new UserFacingError("The restored theme was deleted while Shopify was installing it.", { ...input, theme: created });
    if (data.theme.processingFailed) throw new UserFacingError("Shopify could not install the restored theme (its processing failed). Try again, or restore file by file.", { ...input, theme: created });
    if (!data.theme.processing) break;
    if (now() > deadline) throw new RetryableError("Shopify is still installing the restored theme", { ...input, theme: created });
    await sleep(deps.pollMs ?? 2_000);
  }
  await rm(archivePath(deps.scratchDir, archiveId), { force: true });

  await deps.progress?.("verifying", 0, expected.length);
  const live = await readLiveTheme(deps.client, created, deps.signal);
  const files: FileReport[] = expected.map((file) => {
    const got = live.files.get(file.filename);
    if (!got) return { filename: file.filename, outcome: "mismatch", reason: "missing from the new theme" };
    if (got.md5 !== null && got.md5 !== file.md5) return { filename: file.filename, outcome: "mismatch", reason: `checksum ${got.md5} ≠ snapshot ${file.md5}` };
    if (got.md5 === null && got.size !== file.size) return { filename: file.filename, outcome: "mismatch", reason: `size ${got.size} ≠ snapshot ${file.size}` };
    return { filename: file.filename, outcome: "verified" };
  });
  const names = new Set(expected.map((f) => f.filename));
  for (const extra of live.files.keys()) if (!names.has(extra)) files.push({ filename: extra, outcome: "mismatch", reason: "in the new theme but not in the snapshot" });
  await deps.progress?.("done", expected.length, expected.length);
  return summarise({ mode: "new-theme", snapshotId: input.snapshotId, sourceThemeGid: input.themeGid, targetThemeGid: created, targetThemeName: live.name || name, files });
}
