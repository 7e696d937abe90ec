/**
 * The restore journal port: a run, its steps with their status, and the
 * shop's old-GID → new-GID map. Every write is journaled before it is sent
 * ("sent") and after Shopify answered ("done"/"failed"), so a crash resumes
 * from the journal and resends only what may not have landed; the sends are
 * idempotent upserts, so a resend never duplicates. The app stores it in the
 * database (journal-prisma.ts); tests may use the memory one.
 */
import type { JsonObject, PlanStep, RestorePlan, RestoreReport, RestoreSelection, StepState, StepStatus } from "./types";

export type RunStatus = "planned" | "running" | "succeeded" | "failed" | "canceled";

export interface RestoreRun {
  id: string;
  shop: string;
  snapshotId: string;
  selection: RestoreSelection;
  status: RunStatus;
  /** The pre-restore snapshot, once written (undo restores it). */
  safetySnapshotId: string | null;
  affected: string[];
  /** Products of the preview (title, action, diff) for the UI. */
  plan: Pick<RestorePlan, "previews" | "skipped">;
  report: RestoreReport | null;
  jobId: string | null;
  /** When the run was created; a product created after this may be ours (re-create guard). */
  createdAt: Date;
}

export interface StepPatch {
  status: StepStatus;
  result?: JsonObject | null;
  userErrors?: JsonObject[] | null;
}

export interface RestoreJournal {
  createRun(input: { shop: string; plan: RestorePlan; selection: RestoreSelection }): Promise<RestoreRun>;
  getRun(id: string): Promise<RestoreRun | undefined>;
  updateRun(id: string, patch: Partial<Pick<RestoreRun, "status" | "safetySnapshotId" | "report" | "jobId">>): Promise<void>;
  steps(runId: string): Promise<StepState[]>;
  /** Records a step's new status; "sent" also counts an attempt. */
  markStep(runId: string, seq: number, patch: StepPatch): Promise<void>;
  /** Remembers that `oldGid` (from a snapshot) lives on as `newGid`. */
  mapGid(shop: string, type: string, oldGid: string, newGid: string, runId: string): Promise<void>;
  lookupGid(shop: string, oldGid: string): Promise<string | undefined>;
}

/** An in-memory journal (tests, CLI dry runs). */
export function createMemoryJournal(): RestoreJournal {
  const runs = new Map<string, RestoreRun>();
  const stepsOf = new Map<string, StepState[]>();
  const gids = new Map<string, string>();
  let next = 1;
  return {
    async createRun({ shop, plan, selection }) {
      const run: RestoreRun = {
        id: `restore-${next++}`,
        shop,
        snapshotId: plan.snapshotId,
        selection,
        status: "planned",
        safetySnapshotId: null,
        affected: plan.affected,
        plan: { previews: plan.previews, skipped: plan.skipped },
        report: null,
        jobId: null,
        createdAt: new Date(),
      };
      runs.set(run.id, run);
      stepsOf.set(run.id, plan.steps.map((s: PlanStep) => ({ ...s, status: "planned", result: null, userErrors: null, attempts: 0 })));
      return structuredClone(run);
    },
    async getRun(id) {
      const run = runs.get(id);
      return run && structuredClone(run);
    },
    async updateRun(id, patch) {
      const run = runs.get(id);
      if (run) Object.assign(run, structuredClone(patch));
    },
    async steps(runId) {
      return structuredClone(stepsOf.get(runId) ?? []);
    },
    async markStep(runId, seq, patch) {
      const step = stepsOf.get(runId)?.find((s) => s.seq === seq);
      if (!step) return;
      step.status = patch.status;
      if (patch.result !== undefined) step.result = structuredClone(patch.result);
      if (patch.userErrors !== undefined) step.userErrors = structuredClone(patch.userErrors);
      if (patch.status === "sent") step.attempts += 1;
    },
    async mapGid(shop, _type, oldGid, newGid) {
      gids.set(`${shop}\u0000${oldGid}`, newGid);
    },
    async lookupGid(shop, oldGid) {
      return gids.get(`${shop}\u0000${oldGid}`);
    },
  };
}
