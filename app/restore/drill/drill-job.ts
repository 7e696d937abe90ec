/**
 * The "restore-drill" job: runs a drill over the shop's newest catalogued
 * snapshot and logs it as a RestoreDrill row (created "running" first, so a
 * drill that dies shows as such; a retried job reuses its row). The outcome
 * is data: damage and invalid inputs end the job successfully with outcome
 * "problems"; only cancellation (worker stop, lost lease) rethrows so the
 * queue runs the job again.
 */
import type { Prisma } from "@prisma/client";
import type { Db } from "~/db.server";
import type { JobHandler } from "~/jobs/job-queue";
import type { Repository } from "~/repo";
import type { AdminSchemaResult } from "~/shopify/admin-schema.server";
import type { RestoreJournal } from "../journal";
import { drillIntoDevStore, type DevStore } from "./dev-store";
import { runDrill } from "./drill";
import { catalogSampleSource } from "./sample";
import type { DrillOptions, DrillProblem, DrillResult } from "./types";

export interface DrillJobDeps {
  db: Db;
  openRepository(shop: string): Promise<Repository>;
  schema(): AdminSchemaResult;
  options?: DrillOptions;
  /** The shop's clone target, if it has one: the drill then restores its product sample there and compares. */
  devStore?(shop: string): Promise<DevStore | null>;
  journal?: RestoreJournal;
  /** Called once per finished drill (the app writes the audit log here). */
  finished?(shop: string, drillId: string, result: DrillResult): Promise<void>;
}

/** The newest snapshot the catalog fully lists (a drill samples through the catalog). */
export async function latestCataloguedSnapshot(db: Db, shop: string): Promise<string | null> {
  const row = await db.snapshotCatalog.findFirst({ where: { shop, cataloguedAt: { not: null } }, orderBy: { id: "desc" }, select: { id: true } });
  return row?.id ?? null;
}

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;

/** Runs one drill for `shop` and records it; resolves with the drill row's id and result. */
export async function drillShop(deps: DrillJobDeps, shop: string, trigger: string, jobId: string | null, signal?: AbortSignal): Promise<{ id: string; result: DrillResult }> {
  const { db } = deps;
  const existing = jobId ? await db.restoreDrill.findFirst({ where: { shop, jobId, outcome: "running" }, select: { id: true } }) : null;
  const id = existing?.id ?? (await db.restoreDrill.create({ data: { shop, trigger, jobId, problems: [] }, select: { id: true } })).id;
  const started = Date.now();
  let result: DrillResult;
  try {
    const snapshotId = await latestCataloguedSnapshot(db, shop);
    if (!snapshotId) {
      const problems: DrillProblem[] = [{ kind: "snapshot", message: "There is no snapshot to drill yet: take a backup first" }];
      result = { snapshotId: null, outcome: "failed", sampleSize: 0, sampled: {}, redacted: 0, steps: [], problems, productShape: null, seconds: 0 };
    } else {
      const repository = await deps.openRepository(shop);
      const { inputs, ...drill } = await runDrill({ ...deps.options, repository, snapshotId, source: catalogSampleSource(db, shop), schema: deps.schema });
      result = drill;
      const target = deps.journal && (await deps.devStore?.(shop));
      if (target && deps.journal && drill.outcome !== "failed") {
        const dev = await drillIntoDevStore({ sourceShop: shop, repository, snapshotId, productGids: inputs.map((i) => i.gid), target, journal: deps.journal, signal });
        result = { ...result, steps: [...result.steps, dev.step], problems: [...result.problems, ...dev.problems], outcome: result.outcome === "ok" && dev.problems.length ? "problems" : result.outcome };
      }
    }
  } catch (error) {
    if (signal?.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    result = { snapshotId: null, outcome: "failed", sampleSize: 0, sampled: {}, redacted: 0, steps: [], problems: [{ kind: "snapshot", message: `The drill could not run: ${message}` }], productShape: null, seconds: Math.round((Date.now() - started) / 1000) };
  }
  await db.restoreDrill.update({
    where: { id },
    data: {
      finishedAt: new Date(),
      snapshotId: result.snapshotId,
      sampleSize: result.sampleSize,
      outcome: result.outcome,
      problems: json(result.problems),
      summary: json({ steps: result.steps, sampled: result.sampled, redacted: result.redacted, productShape: result.productShape, seconds: result.seconds }),
    },
  });
  await deps.finished?.(shop, id, result);
  return { id, result };
}

/** Handler for payload `{ trigger?: "schedule" | "manual" }`. */
export function createDrillHandler(deps: DrillJobDeps): JobHandler {
  return async (job, ctx) => {
    await ctx.progress("drill", 0);
    await drillShop(deps, job.shop, String(job.payload.trigger ?? "manual"), job.id, ctx.signal);
  };
}
