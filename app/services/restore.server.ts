/**
 * Product restore as the app runs it: the preview (plan without writing),
 * "Restore" (journal the plan, enqueue the "restore" job), the run page and
 * "Undo this restore" (restore the run's safety-net snapshot).
 */
import type { Prisma } from "@prisma/client";
import type { Db } from "~/db.server";
import { getDb } from "~/db/shared.server";
import { NotFoundError, UserFacingError } from "~/errors";
import type { JobHandler } from "~/jobs/job-queue";
import { createPrismaJournal } from "~/restore/journal-prisma";
import { planRestore } from "~/restore/planner";
import { createRestoreHandler, RESTORE_JOB } from "~/restore/restore-job";
import { RESTORABLE_RECORD_TYPES } from "~/restore/records/registry";
import { mapSelectionAcrossStores, prepareRestore, undoSelection } from "~/restore/restore-products";
import type { FieldChoices, RestoreSelection } from "~/restore/types";
import { recordAudit } from "./audit.server";
import { adminClientFor, backupQueue, jobView, openShopRepository } from "./backups.server";
import { settingsFromJson } from "./settings";

export { RESTORE_JOB };

/** Job handlers this module owns (register them with the worker beside the backup handlers). */
export function restoreJobHandlers(db: Db = getDb()): Record<string, JobHandler> {
  return {
    [RESTORE_JOB]: createRestoreHandler({
      openRepository: (shop) => openShopRepository(shop),
      clientFor: (shop) => adminClientFor(db, shop),
      journal: createPrismaJournal(db),
      completed: (shop, runId, report) =>
        recordAudit(db, {
          shop,
          actor: "snapshelf",
          action: "restore.completed",
          details: { runId, restored: report.restored, skipped: report.skipped, failed: report.failed, seconds: report.seconds } as Prisma.InputJsonObject,
        }),
    }),
  };
}

/** Record types a merchant can restore from a snapshot page (themes have their own pages). */
export const RESTORABLE_TYPES: readonly string[] = ["Product", ...RESTORABLE_RECORD_TYPES];

/** What the merchant asked for: records of one snapshot, or everything of a type changed since a time. */
export interface RestoreAsk {
  snapshotId: string | null;
  type: string | null;
  gids: string[];
  since?: string | null;
}

function selectionOf(shop: string, ask: RestoreAsk, into: string): RestoreSelection {
  const { snapshotId, type, gids, since } = ask;
  // "*": every type that changed (undo everything since a moment), planned and run in dependency order.
  if (!type || (type !== "*" && !RESTORABLE_TYPES.includes(type))) throw new UserFacingError(`Choose a type to restore: ${RESTORABLE_TYPES.join(", ")}, or all of them.`);
  const source = into !== shop ? { sourceShop: shop } : {};
  if (since) {
    if (!Number.isFinite(Date.parse(since))) throw new UserFacingError(`Not a valid time: ${since}`);
    return { kind: "changedSince", type, since: new Date(since).toISOString(), ...source };
  }
  if (!snapshotId || gids.length === 0) throw new UserFacingError("Choose a snapshot and at least one record to restore.");
  return { kind: "records", snapshotId, type, gids, ...source };
}

/** Installed shops that accept restores of `shop`'s snapshots (their own admin listed `shop` in Settings). */
export async function cloneTargets(shop: string, db = getDb()): Promise<string[]> {
  const rows = await db.shop.findMany({ where: { uninstalledAt: null, domain: { not: shop } }, select: { domain: true, settings: true } });
  return rows.filter((r) => settingsFromJson(r.settings).acceptRestoresFrom.includes(shop)).map((r) => r.domain).sort();
}

/** The shop a restore writes into: this one, or a clone target that accepts it (anything else is refused). */
async function targetShop(shop: string, into: string | null | undefined): Promise<string> {
  if (!into || into === shop) return shop;
  if (!(await cloneTargets(shop)).includes(into)) throw new UserFacingError(`${into} does not accept restores from this shop. Its admin can allow it in Snapshelf's settings there.`);
  return into;
}

/** The preview: field-level diff of each record, nothing written. `into`: a clone target instead of this shop. */
export async function previewRestore(shop: string, ask: RestoreAsk, into?: string | null) {
  const db = getDb();
  const target = await targetShop(shop, into);
  const selection = selectionOf(shop, ask, target);
  const repository = await openShopRepository(shop);
  const fetch = { client: await adminClientFor(db, target) };
  const journal = createPrismaJournal(db);
  if (selection.sourceShop) await mapSelectionAcrossStores({ repository, fetch, journal, shop: target, selection });
  const plan = await planRestore({ repository, fetch, shop: target, selection, lookupGid: (gid) => journal.lookupGid(target, gid) });
  return { snapshotId: plan.snapshotId, into: target, targets: await cloneTargets(shop), previews: plan.previews, skipped: plan.skipped };
}

/** "Restore": plans with the chosen fields, journals the run, enqueues the job; resolves with the run id. */
export async function startRestore(
  shop: string,
  actor: string,
  input: RestoreAsk & { choices: FieldChoices; deleteAbsent?: boolean; into?: string | null },
): Promise<string> {
  const target = await targetShop(shop, input.into);
  return enqueueRestore(target, actor, { repository: await openShopRepository(shop), selection: selectionOf(shop, input, target), choices: input.choices, deleteAbsent: input.deleteAbsent });
}

/** Journals and enqueues a restore writing into `shop` (the job runs as that shop). */
async function enqueueRestore(shop: string, actor: string, input: { repository: Awaited<ReturnType<typeof openShopRepository>>; selection: RestoreSelection; choices: FieldChoices; deleteAbsent?: boolean }): Promise<string> {
  const db = getDb();
  const journal = createPrismaJournal(db);
  const { run } = await prepareRestore({
    repository: input.repository,
    fetch: { client: await adminClientFor(db, shop) },
    journal,
    shop,
    selection: input.selection,
    choices: input.choices,
    deleteAbsent: input.deleteAbsent,
  });
  const jobId = await backupQueue().enqueue({ shop, kind: RESTORE_JOB, payload: { runId: run.id } });
  await journal.updateRun(run.id, { jobId });
  await recordAudit(db, { shop, actor, action: "restore.requested", details: { runId: run.id, jobId, snapshotId: run.snapshotId, type: run.selection.type, records: run.affected.length } });
  return run.id;
}

/** The run page: status, progress, per-record report, and whether it can be undone. */
export async function loadRestoreRun(shop: string, id: string) {
  const db = getDb();
  const run = await createPrismaJournal(db).getRun(id);
  // A restore into a clone is the source shop's too: its merchant started it.
  if (!run || (run.shop !== shop && run.selection.sourceShop !== shop)) throw new NotFoundError("Restore not found", { id });
  const job = run.jobId ? await backupQueue().get(run.jobId) : undefined;
  return {
    id: run.id,
    status: run.status,
    into: run.shop !== shop ? run.shop : null,
    snapshotId: run.snapshotId,
    safetySnapshotId: run.safetySnapshotId,
    createdAt: run.createdAt.toISOString(),
    previews: run.plan.previews.map((p) => ({ gid: p.gid, title: p.title, action: p.action, changes: p.diff.length })),
    report: run.report,
    job: jobView(job),
  };
}

/** "Cancel": stops the run's job; the journal keeps every step's state, so "Resume" continues where it stopped. */
export async function cancelRestore(shop: string, actor: string, id: string): Promise<void> {
  const journal = createPrismaJournal(getDb());
  const run = await journal.getRun(id);
  if (!run || (run.shop !== shop && run.selection.sourceShop !== shop)) throw new NotFoundError("Restore not found", { id });
  if (run.status !== "planned" && run.status !== "running") throw new UserFacingError("This restore is not running.");
  if (run.jobId) await backupQueue().cancel(run.jobId);
  // A job canceled before a worker took it never reaches the executor: mark the run here.
  if (run.status === "planned") await journal.updateRun(id, { status: "canceled" });
  await recordAudit(getDb(), { shop, actor, action: "restore.canceled", details: { runId: id } });
}

/** "Resume": runs a canceled or failed restore again from its journal (steps already done are not sent again). */
export async function resumeRestore(shop: string, actor: string, id: string): Promise<void> {
  const journal = createPrismaJournal(getDb());
  const run = await journal.getRun(id);
  if (!run || (run.shop !== shop && run.selection.sourceShop !== shop)) throw new NotFoundError("Restore not found", { id });
  if (run.status !== "canceled" && run.status !== "failed") throw new UserFacingError("Only a canceled or failed restore can be resumed.");
  const jobId = await backupQueue().enqueue({ shop: run.shop, kind: RESTORE_JOB, payload: { runId: run.id } });
  await journal.updateRun(id, { status: "planned", jobId });
  await recordAudit(getDb(), { shop, actor, action: "restore.resumed", details: { runId: id, jobId } });
}

/** "Undo this restore": restores the run's safety-net snapshot for every product it touched. */
export async function undoRestore(shop: string, actor: string, id: string): Promise<string> {
  const run = await createPrismaJournal(getDb()).getRun(id);
  if (!run || (run.shop !== shop && run.selection.sourceShop !== shop)) throw new NotFoundError("Restore not found", { id });
  if (!run.safetySnapshotId) throw new UserFacingError("This restore wrote nothing yet, so there is nothing to undo.");
  const undo = undoSelection(run);
  // The safety net lives in the repository of the shop the run wrote into.
  return enqueueRestore(run.shop, actor, { repository: await openShopRepository(run.shop), selection: undo.selection, choices: "all", deleteAbsent: true });
}
