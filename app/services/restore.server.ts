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
import { prepareRestore, undoSelection } from "~/restore/restore-products";
import type { FieldChoices, RestoreSelection } from "~/restore/types";
import { recordAudit } from "./audit.server";
import { adminClientFor, backupQueue, jobView, openShopRepository } from "./backups.server";

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

function selectionOf(snapshotId: string | null, type: string | null, gids: string[]): RestoreSelection {
  if (!snapshotId || !type || gids.length === 0) throw new UserFacingError("Choose a snapshot and at least one record to restore.");
  if (!RESTORABLE_TYPES.includes(type)) throw new UserFacingError(`${type} records cannot be restored; restorable types: ${RESTORABLE_TYPES.join(", ")}.`);
  return { kind: "records", snapshotId, type, gids };
}

/** The preview: field-level diff of each record, nothing written. */
export async function previewRestore(shop: string, snapshotId: string | null, type: string | null, gids: string[]) {
  const db = getDb();
  const plan = await planRestore({
    repository: await openShopRepository(shop),
    fetch: { client: await adminClientFor(db, shop) },
    shop,
    selection: selectionOf(snapshotId, type, gids),
    lookupGid: (gid) => createPrismaJournal(db).lookupGid(shop, gid),
  });
  return { snapshotId: plan.snapshotId, previews: plan.previews, skipped: plan.skipped };
}

/** "Restore": plans with the chosen fields, journals the run, enqueues the job; resolves with the run id. */
export async function startRestore(shop: string, actor: string, input: { snapshotId: string | null; type: string | null; gids: string[]; choices: FieldChoices; deleteAbsent?: boolean }): Promise<string> {
  const db = getDb();
  const journal = createPrismaJournal(db);
  const { run } = await prepareRestore({
    repository: await openShopRepository(shop),
    fetch: { client: await adminClientFor(db, shop) },
    journal,
    shop,
    selection: selectionOf(input.snapshotId, input.type, input.gids),
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
  if (!run || run.shop !== shop) throw new NotFoundError("Restore not found", { id });
  const job = run.jobId ? await backupQueue().get(run.jobId) : undefined;
  return {
    id: run.id,
    status: run.status,
    snapshotId: run.snapshotId,
    safetySnapshotId: run.safetySnapshotId,
    createdAt: run.createdAt.toISOString(),
    previews: run.plan.previews.map((p) => ({ gid: p.gid, title: p.title, action: p.action, changes: p.diff.length })),
    report: run.report,
    job: jobView(job),
  };
}

/** "Undo this restore": restores the run's safety-net snapshot for every product it touched. */
export async function undoRestore(shop: string, actor: string, id: string): Promise<string> {
  const run = await createPrismaJournal(getDb()).getRun(id);
  if (!run || run.shop !== shop) throw new NotFoundError("Restore not found", { id });
  if (!run.safetySnapshotId) throw new UserFacingError("This restore wrote nothing yet, so there is nothing to undo.");
  const undo = undoSelection(run);
  if (undo.selection.kind !== "records") throw new UserFacingError("Unexpected undo selection");
  return startRestore(shop, actor, { snapshotId: undo.selection.snapshotId, type: undo.selection.type, gids: undo.selection.gids, choices: "all", deleteAbsent: true });
}
