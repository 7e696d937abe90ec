/**
 * The "theme-restore" job: one restore run (new theme, or selected files
 * into an existing theme) with progress and a per-file report. The job id
 * names the run, so a resumed job finds its journal and its archive.
 */
import { UserFacingError } from "~/errors";
import type { JobHandler, JobInfo, JobPayload } from "~/jobs/job-queue";
import type { Repository } from "~/repo";
import type { AdminClient } from "~/shopify/admin-client";
import { restoreThemeFiles } from "./file-restore";
import { restoreAsNewTheme } from "./new-theme";
import type { RestoreJournal, ThemeRestoreReport } from "./report";

export const THEME_RESTORE_JOB = "theme-restore";

/** What the job payload holds (JSON). */
export type ThemeRestoreRequest =
  | { mode: "new-theme"; snapshotId: string; themeGid: string }
  | { mode: "files"; snapshotId: string; themeGid: string; targetThemeGid: string; files: string[]; deletions: string[] };

export interface ThemeRestoreJobDeps {
  openRepository(shop: string): Promise<Repository>;
  clientFor(shop: string): Promise<AdminClient>;
  appUrl: string;
  appSecret: string;
  scratchDir: string;
  journalFor(job: JobInfo): RestoreJournal;
  /** Called with the finished report (audit log, UI). */
  completed?(shop: string, jobId: string, report: ThemeRestoreReport): Promise<void>;
  pollMs?: number;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** Reads a payload back into a request; UserFacingError for anything malformed. */
export function parseThemeRestoreRequest(payload: JobPayload): ThemeRestoreRequest {
  const { mode, snapshotId, themeGid } = payload;
  if (typeof snapshotId !== "string" || typeof themeGid !== "string") throw new UserFacingError("Theme restore needs a snapshot and a theme", { payload });
  if (mode === "new-theme") return { mode, snapshotId, themeGid };
  if (mode === "files") {
    const targetThemeGid = typeof payload.targetThemeGid === "string" ? payload.targetThemeGid : themeGid;
    return { mode, snapshotId, themeGid, targetThemeGid, files: strings(payload.files), deletions: strings(payload.deletions) };
  }
  throw new UserFacingError(`Unknown theme restore mode "${String(mode)}"`, { payload });
}

/** The job payload of a request. */
export function themeRestorePayload(request: ThemeRestoreRequest): JobPayload {
  return request.mode === "new-theme" ? { ...request } : { ...request, files: [...request.files], deletions: [...request.deletions] };
}

/** Creates the handler for THEME_RESTORE_JOB. */
export function createThemeRestoreHandler(deps: ThemeRestoreJobDeps): JobHandler {
  return async (job, ctx) => {
    const request = parseThemeRestoreRequest(job.payload);
    const repository = await deps.openRepository(job.shop);
    const client = await deps.clientFor(job.shop);
    const progress = (phase: string, done: number, expected?: number) => ctx.progress(phase, done, expected);
    const report =
      request.mode === "new-theme"
        ? await restoreAsNewTheme(
            { repository, client, shop: job.shop, appUrl: deps.appUrl, appSecret: deps.appSecret, scratchDir: deps.scratchDir, journal: deps.journalFor(job), signal: ctx.signal, progress, pollMs: deps.pollMs },
            { snapshotId: request.snapshotId, themeGid: request.themeGid, runId: job.id },
          )
        : await restoreThemeFiles(
            { repository, client, signal: ctx.signal, progress },
            { snapshotId: request.snapshotId, sourceThemeGid: request.themeGid, targetThemeGid: request.targetThemeGid, files: request.files, deletions: request.deletions },
          );
    await deps.completed?.(job.shop, job.id, report);
  };
}
