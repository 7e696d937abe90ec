/** The "full-snapshot" job handler, with its dependencies passed in (testable without the app's config). */
import type { JobHandler } from "~/jobs/job-queue";
import type { Repository } from "~/repo";
import type { DataType } from "~/services/settings";
import type { AdminClient } from "~/shopify/admin-client";
import { runFullSnapshot, type FullSnapshotResult, type SnapshotSink } from "./full-snapshot";

export const FULL_SNAPSHOT_JOB = "full-snapshot";

export interface FullSnapshotJobDeps {
  openRepository(shop: string): Promise<Repository>;
  clientFor(shop: string): Promise<AdminClient>;
  dataTypes(shop: string): Promise<readonly DataType[]>;
  catalog?: SnapshotSink;
  /** Called after each committed snapshot (audit log). */
  completed?(shop: string, result: FullSnapshotResult): Promise<void>;
  bulk?: Parameters<typeof runFullSnapshot>[0]["bulk"];
}

/** Runs a full snapshot for the job's shop, reporting progress to the job. */
export function createFullSnapshotHandler(deps: FullSnapshotJobDeps): JobHandler {
  return async (job, ctx) => {
    const result = await runFullSnapshot({
      shop: job.shop,
      client: await deps.clientFor(job.shop),
      repository: await deps.openRepository(job.shop),
      catalog: deps.catalog,
      types: await deps.dataTypes(job.shop),
      signal: ctx.signal,
      progress: (phase, done, expected) => ctx.progress(phase, done, expected),
      bulk: deps.bulk,
      tags: { trigger: String(job.payload.trigger ?? "manual"), job: job.id },
    });
    await deps.completed?.(job.shop, result);
  };
}
