/** The "restore" job: executes (or resumes) a journaled product restore run. */
import type { JobHandler } from "~/jobs/job-queue";
import type { Repository } from "~/repo";
import type { AdminClient } from "~/shopify/admin-client";
import { executeRestore } from "./executor";
import type { RestoreJournal } from "./journal";
import type { RestoreReport } from "./types";

export const RESTORE_JOB = "restore";

export interface RestoreJobDeps {
  openRepository(shop: string): Promise<Repository>;
  clientFor(shop: string): Promise<AdminClient>;
  journal: RestoreJournal;
  completed?(shop: string, runId: string, report: RestoreReport): Promise<void>;
}

/** Handler for payload `{ runId }`; a retried or re-leased job resumes from the journal. */
export function createRestoreHandler(deps: RestoreJobDeps): JobHandler {
  return async (job, ctx) => {
    const runId = String(job.payload.runId);
    const run = await deps.journal.getRun(runId);
    // A restore into a clone reads the source shop's snapshot and keeps its safety net in the target's own repository.
    const source = run?.selection.sourceShop;
    const own = await deps.openRepository(job.shop);
    const report = await executeRestore({
      runId,
      journal: deps.journal,
      client: await deps.clientFor(job.shop),
      repository: source && source !== job.shop ? await deps.openRepository(source) : own,
      safetyRepository: own,
      signal: ctx.signal,
      progress: (phase, done, expected) => ctx.progress(phase, done, expected),
    });
    await deps.completed?.(job.shop, runId, report);
  };
}
