/**
 * Restore drills as the app runs them: the job handler (weekly from the
 * scheduler, or "Run a drill now"), the audit entry per drill, and the list
 * the drills page shows.
 */
import type { Prisma } from "@prisma/client";
import type { Db } from "~/db.server";
import { getDb } from "~/db/shared.server";
import type { JobHandler } from "~/jobs/job-queue";
import { createDrillHandler } from "~/restore/drill/drill-job";
import { DRILL_JOB, type DrillProblem, type DrillStep } from "~/restore/drill/types";
import { loadAppAdminSchema } from "~/shopify/admin-schema.server";
import { recordAudit } from "./audit.server";
import { createPrismaJournal } from "~/restore/journal-prisma";
import { adminClientFor, backupQueue, jobView, openShopRepository } from "./backups.server";
import { cloneTargets } from "./restore.server";

export { DRILL_JOB };

/** Job handlers this module owns. */
export function drillJobHandlers(db: Db = getDb()): Record<string, JobHandler> {
  return {
    [DRILL_JOB]: createDrillHandler({
      db,
      openRepository: (shop) => openShopRepository(shop),
      schema: loadAppAdminSchema,
      journal: createPrismaJournal(db),
      // The first shop that accepts this shop's restores (its development store) gets the sample restored into it.
      devStore: async (shop) => {
        const [target] = await cloneTargets(shop, db);
        return target ? { shop: target, client: await adminClientFor(db, target), repository: await openShopRepository(target) } : null;
      },
      finished: (shop, drillId, result) =>
        recordAudit(db, {
          shop,
          actor: "snapshelf",
          action: "drill.completed",
          details: {
            drillId,
            snapshotId: result.snapshotId,
            outcome: result.outcome,
            sampleSize: result.sampleSize,
            problems: result.problems.length,
            // GIDs only: the audit never holds record contents.
            records: [...new Set(result.problems.map((p) => p.gid).filter((g): g is string => typeof g === "string"))].slice(0, 20),
          } as Prisma.InputJsonObject,
        }),
    }),
  };
}

/** "Run a drill now": enqueues one drill (a second click while one is queued returns the same job). */
export async function requestDrill(shop: string, actor: string): Promise<string> {
  const jobId = await backupQueue().enqueue({ shop, kind: DRILL_JOB, payload: { trigger: "manual" }, dedupeKey: DRILL_JOB });
  await recordAudit(getDb(), { shop, actor, action: "drill.requested", details: { jobId } });
  return jobId;
}

export interface DrillRow {
  id: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  snapshotId: string | null;
  sampleSize: number;
  outcome: string;
  problems: DrillProblem[];
  steps: DrillStep[];
  sampled: Record<string, number>;
}

/** The drills page: recent drills, newest first, and the drill job in progress if any. */
export async function loadDrills(shop: string, take = 20): Promise<{ drills: DrillRow[]; job: ReturnType<typeof jobView> }> {
  const db = getDb();
  const [rows, jobs] = await Promise.all([db.restoreDrill.findMany({ where: { shop }, orderBy: { startedAt: "desc" }, take }), backupQueue().list({ shop, limit: 10 })]);
  const drills = rows.map((r) => {
    const summary = (r.summary ?? {}) as { steps?: DrillStep[]; sampled?: Record<string, number> };
    return {
      id: r.id,
      trigger: r.trigger,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      snapshotId: r.snapshotId,
      sampleSize: r.sampleSize,
      outcome: r.outcome,
      problems: Array.isArray(r.problems) ? (r.problems as unknown as DrillProblem[]) : [],
      steps: summary.steps ?? [],
      sampled: summary.sampled ?? {},
    };
  });
  const job = jobs.find((j) => j.kind === DRILL_JOB && (j.status === "queued" || j.status === "running"));
  return { drills, job: jobView(job) };
}
