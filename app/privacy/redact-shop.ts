/**
 * shop/redact (48 h after uninstall): destroys the shop's repository (every
 * object, the config with its wrapped keys first) and every database row of
 * the shop, leaving one audit entry saying the shop was erased.
 */
import type { Db } from "~/db.server";
import { countInChunks } from "~/db/in-chunks";
import { recordAudit } from "~/services/audit.server";
import { deleteShopExports } from "./data-request";
import type { PrivacyDeps } from "./deps";

/**
 * Tables holding shop data, by the column naming the shop. A test compares
 * this with the Prisma models, so a new table cannot be forgotten silently.
 */
export const SHOP_TABLES = ["Session", "Shop", "AuditLog", "Job", "SnapshotCatalog", "RecordVersion", "WebhookEvent", "ScheduleMark", "RestoreRun", "RestoreStep", "GidMap", "RestoreDrill"] as const;

export interface RedactShopReport {
  rowsDeleted: Record<string, number>;
}

async function deleteRows(db: Db, shop: string, keepJobId: string | undefined): Promise<Record<string, number>> {
  const runIds = (await db.restoreRun.findMany({ where: { shop }, select: { id: true } })).map((r) => r.id);
  const rows: Record<string, number> = {};
  rows.RestoreStep = await countInChunks(runIds, (ids) => db.restoreStep.deleteMany({ where: { runId: { in: ids } } }));
  rows.GidMap = (await db.gidMap.deleteMany({ where: { shop } })).count;
  rows.RestoreRun = (await db.restoreRun.deleteMany({ where: { shop } })).count;
  rows.RecordVersion = (await db.recordVersion.deleteMany({ where: { shop } })).count;
  rows.SnapshotCatalog = (await db.snapshotCatalog.deleteMany({ where: { shop } })).count;
  rows.WebhookEvent = (await db.webhookEvent.deleteMany({ where: { shop } })).count;
  rows.ScheduleMark = (await db.scheduleMark.deleteMany({ where: { shop } })).count;
  rows.RestoreDrill = (await db.restoreDrill.deleteMany({ where: { shop } })).count;
  // The running erase job keeps its own row until the queue records its outcome; it holds no payload of note.
  rows.Job = (await db.job.deleteMany({ where: { shop, ...(keepJobId ? { id: { not: keepJobId } } : {}) } })).count;
  rows.Session = (await db.session.deleteMany({ where: { shop } })).count;
  rows.Shop = (await db.shop.deleteMany({ where: { domain: shop } })).count;
  rows.AuditLog = (await db.auditLog.deleteMany({ where: { shop } })).count;
  return rows;
}

/** Erases the shop; idempotent (a re-run finds nothing and writes one more erase entry only). */
export async function redactShop(deps: PrivacyDeps, shop: string, options: { jobId?: string } = {}): Promise<RedactShopReport> {
  // Config (wrapped keys) goes first, so whatever a crash leaves behind is already unreadable; a re-run finishes it.
  await (await deps.repositoryFor(shop)).destroy();
  await deleteShopExports(deps.exportDir, shop);
  const rowsDeleted = await deleteRows(deps.db, shop, options.jobId);
  await recordAudit(deps.db, {
    shop,
    actor: "snapshelf",
    action: "privacy.shop_erased",
    // Counts only: the minimal proof that the erase happened.
    details: { ...(options.jobId ? { jobId: options.jobId } : {}), rowsDeleted },
  });
  return { rowsDeleted };
}
