/** The restore journal in the app database (RestoreRun, RestoreStep, GidMap). */
import type { Prisma } from "@prisma/client";
import type { Db } from "~/db.server";
import type { RestoreJournal, RestoreRun, RunStatus } from "./journal";
import type { JsonObject, RestoreReport, RestoreSelection, StepKind, StepState, StepStatus } from "./types";

type RunRow = Awaited<ReturnType<Db["restoreRun"]["findUniqueOrThrow"]>>;

const json = (value: unknown) => value as Prisma.InputJsonValue;

function toRun(row: RunRow): RestoreRun {
  return {
    id: row.id,
    shop: row.shop,
    snapshotId: row.snapshotId,
    selection: row.selection as unknown as RestoreSelection,
    status: row.status as RunStatus,
    safetySnapshotId: row.safetySnapshotId,
    affected: row.affected as unknown as string[],
    plan: row.plan as unknown as RestoreRun["plan"],
    report: (row.report as unknown as RestoreReport | null) ?? null,
    jobId: row.jobId,
    createdAt: row.createdAt,
  };
}

/** A journal over the app's Prisma client. */
export function createPrismaJournal(db: Db): RestoreJournal {
  return {
    async createRun({ shop, plan, selection }) {
      const row = await db.$transaction(async (tx) => {
        const run = await tx.restoreRun.create({
          data: {
            shop,
            snapshotId: plan.snapshotId,
            selection: json(selection),
            plan: json({ previews: plan.previews, skipped: plan.skipped }),
            affected: json(plan.affected),
          },
        });
        if (plan.steps.length) {
          await tx.restoreStep.createMany({
            data: plan.steps.map((s) => ({ runId: run.id, seq: s.seq, kind: s.kind, recordGid: s.recordGid, input: json(s.input), summary: s.summary })),
          });
        }
        return run;
      });
      return toRun(row);
    },
    async getRun(id) {
      const row = await db.restoreRun.findUnique({ where: { id } });
      return row ? toRun(row) : undefined;
    },
    async updateRun(id, patch) {
      const data: Prisma.RestoreRunUpdateInput = {};
      if (patch.status) data.status = patch.status;
      if (patch.safetySnapshotId !== undefined) data.safetySnapshotId = patch.safetySnapshotId;
      if (patch.jobId !== undefined) data.jobId = patch.jobId;
      if (patch.report !== undefined) data.report = json(patch.report);
      await db.restoreRun.update({ where: { id }, data });
    },
    async steps(runId) {
      const rows = await db.restoreStep.findMany({ where: { runId }, orderBy: { seq: "asc" } });
      return rows.map(
        (r): StepState => ({
          seq: r.seq,
          kind: r.kind as StepKind,
          recordGid: r.recordGid,
          input: r.input as JsonObject,
          summary: r.summary,
          status: r.status as StepStatus,
          result: (r.result as JsonObject | null) ?? null,
          userErrors: (r.userErrors as JsonObject[] | null) ?? null,
          attempts: r.attempts,
        }),
      );
    },
    async markStep(runId, seq, patch) {
      const data: Prisma.RestoreStepUpdateInput = { status: patch.status };
      if (patch.result !== undefined) data.result = patch.result === null ? undefined : json(patch.result);
      if (patch.userErrors !== undefined) data.userErrors = patch.userErrors === null ? undefined : json(patch.userErrors);
      if (patch.status === "sent") data.attempts = { increment: 1 };
      await db.restoreStep.update({ where: { runId_seq: { runId, seq } }, data });
    },
    async mapGid(shop, type, oldGid, newGid, runId) {
      await db.gidMap.upsert({ where: { shop_oldGid: { shop, oldGid } }, create: { shop, oldGid, type, newGid, runId }, update: { newGid, type, runId } });
    },
    async lookupGid(shop, oldGid) {
      return (await db.gidMap.findUnique({ where: { shop_oldGid: { shop, oldGid } } }))?.newGid;
    },
  };
}
