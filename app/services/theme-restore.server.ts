/**
 * Theme restore as the app runs it: the "theme-restore" job handler wired
 * to the shop's repository and Admin client, the pages' loaders, the
 * enqueue actions, and the public archive route Shopify fetches from.
 */
import { join } from "node:path";
import type { Prisma } from "@prisma/client";
import { listCatalogSnapshots } from "~/catalog/queries";
import { getConfig, type AppConfig } from "~/config/config.server";
import type { Db } from "~/db.server";
import { getDb } from "~/db/shared.server";
import { NotFoundError, UserFacingError } from "~/errors";
import type { JobHandler, JobInfo } from "~/jobs/job-queue";
import { themeArchiveResponse } from "~/restore/theme/archive";
import { diffTheme } from "~/restore/theme/diff";
import { createThemeRestoreHandler, THEME_RESTORE_JOB, themeRestorePayload, type ThemeRestoreRequest } from "~/restore/theme/job";
import type { RestoreJournal, ThemeRestoreReport } from "~/restore/theme/report";
import { listSnapshotThemes } from "~/restore/theme/snapshot-files";
import { recordAudit } from "./audit.server";
import { adminClientFor, backupQueue, jobView, openShopRepository } from "./backups.server";

export { THEME_RESTORE_JOB };

const JOURNAL_ACTION = "theme-restore.step";
const REPORT_ACTION = "theme-restore.completed";
/** Per-file lines kept in the audit entry (a theme has a few hundred files at most). */
const REPORT_FILES_KEPT = 2_000;

/** Archives live beside the local state, never in the shop's repository (they are plaintext). */
export const archiveScratchDir = (config: AppConfig = getConfig()) => join(config.dataDir, "scratch", "theme-archives");

/**
 * Restore steps journalled as audit entries: shared by every app instance
 * through the database, and a record of what the restore did.
 */
function auditJournal(db: Db, job: JobInfo): RestoreJournal {
  const entries = async () => {
    const rows = await db.auditLog.findMany({ where: { shop: job.shop, action: JOURNAL_ACTION }, orderBy: { at: "desc" }, take: 500 });
    return rows.map((row) => row.details as { jobId?: string; key?: string; value?: string }).filter((d) => d.jobId === job.id);
  };
  return {
    get: async (key) => (await entries()).find((d) => d.key === key)?.value,
    put: (key, value) => recordAudit(db, { shop: job.shop, actor: "snapshelf", action: JOURNAL_ACTION, details: { jobId: job.id, key, value } }),
  };
}

/** Job handlers this module owns (register them with the worker beside the backup handlers). */
export function themeRestoreJobHandlers(db: Db = getDb(), config: AppConfig = getConfig()): Record<string, JobHandler> {
  return {
    [THEME_RESTORE_JOB]: createThemeRestoreHandler({
      openRepository: (shop) => openShopRepository(shop, config),
      clientFor: (shop) => adminClientFor(db, shop, config),
      appUrl: config.shopify.appUrl,
      appSecret: config.shopify.apiSecret,
      scratchDir: archiveScratchDir(config),
      journalFor: (job) => auditJournal(db, job),
      completed: (shop, jobId, report) =>
        recordAudit(db, { shop, actor: "snapshelf", action: REPORT_ACTION, details: { jobId, report: { ...report, files: report.files.slice(0, REPORT_FILES_KEPT) } } as unknown as Prisma.InputJsonObject }),
    }),
  };
}

/** GET /api/theme-archive/<token>: no session (Shopify fetches it); the signed token is the credential. */
export function serveThemeArchive(token: string): Promise<Response> {
  const config = getConfig();
  return themeArchiveResponse(token, { appSecret: config.shopify.apiSecret, scratchDir: archiveScratchDir(config), openRepository: (shop) => openShopRepository(shop, config) });
}

/** /app/themes: the shop's snapshots and the themes (with file counts) of the chosen one. */
export async function loadThemeList(shop: string, snapshotId?: string) {
  const snapshots = await listCatalogSnapshots(getDb(), shop);
  const chosen = snapshots.find((s) => s.id === snapshotId) ?? snapshots[0];
  const themes = chosen ? await listSnapshotThemes(await openShopRepository(shop), chosen.id) : [];
  return {
    snapshots: snapshots.map((s) => ({ id: s.id, takenAt: s.takenAt.toISOString(), kind: s.kind })),
    snapshotId: chosen?.id ?? null,
    themes,
  };
}

/** The newest theme-restore jobs and reports of a shop, for the theme page. */
async function recentRestores(shop: string, themeGid: string) {
  const jobs = (await backupQueue().list({ shop, limit: 20 })).filter((j) => j.kind === THEME_RESTORE_JOB && j.payload.themeGid === themeGid);
  const rows = await getDb().auditLog.findMany({ where: { shop, action: REPORT_ACTION }, orderBy: { at: "desc" }, take: 20 });
  const reports = new Map(rows.map((row) => {
    const details = row.details as { jobId?: string; report?: ThemeRestoreReport };
    return [details.jobId ?? "", details.report] as const;
  }));
  return jobs.slice(0, 5).map((job) => ({ job: jobView(job), report: reports.get(job.id) ?? null }));
}

/** /app/themes/$snapshot/$theme: file diff (snapshot ↔ live) with text previews, and recent restores. */
export async function loadThemeDiff(shop: string, snapshotId: string, themeGid: string) {
  const repository = await openShopRepository(shop);
  const theme = await repository.getRecord(snapshotId, "Theme", themeGid);
  if (!theme) throw new Response("Theme not in this snapshot", { status: 404 });
  const client = await adminClientFor(getDb(), shop);
  let diff: Awaited<ReturnType<typeof diffTheme>>["diff"] | null = null;
  let liveMissing = false;
  try {
    diff = (await diffTheme(repository, client, { snapshotId, sourceThemeGid: themeGid, targetThemeGid: themeGid }, { previewTextFiles: 25 })).diff;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    // The theme was deleted since: only the new-theme path is possible.
    liveMissing = true;
  }
  return {
    snapshotId,
    theme: { gid: themeGid, name: String(theme.record.name ?? "Theme"), role: String(theme.record.role ?? "") },
    diff: diff && { counts: diff.counts, entries: diff.entries.filter((e) => e.change !== "same") },
    liveMissing,
    restores: await recentRestores(shop, themeGid),
  };
}

/** Enqueues a theme restore (one per theme at a time) and audits the request. */
export async function requestThemeRestore(shop: string, actor: string, request: ThemeRestoreRequest): Promise<string> {
  if (request.mode === "files" && request.files.length === 0 && request.deletions.length === 0) throw new UserFacingError("Select at least one file to restore or delete.");
  const id = await backupQueue().enqueue({ shop, kind: THEME_RESTORE_JOB, payload: themeRestorePayload(request), dedupeKey: `${THEME_RESTORE_JOB}:${request.themeGid}` });
  await recordAudit(getDb(), { shop, actor, action: "theme-restore.requested", details: { jobId: id, mode: request.mode, snapshotId: request.snapshotId, themeGid: request.themeGid } });
  return id;
}
