/**
 * The "retention" job: forgets snapshots beyond the shop's retention counts
 * (restic-style daily / weekly / monthly, plus the newest), prunes the data
 * no snapshot references any more, and drops the forgotten snapshots from
 * the catalog (app/catalog/forgotten.ts).
 */
import type { Db } from "~/db.server";
import { dropForgottenSnapshots } from "~/catalog/forgotten";
import type { JobHandler } from "~/jobs/job-queue";
import type { ForgetResult, PruneReport, Repository } from "~/repo";
import type { BackupSettings } from "~/services/settings";

export interface RetentionDeps {
  db: Db;
  openRepository(shop: string): Promise<Repository>;
  settings(shop: string): Promise<BackupSettings>;
  /** Unreferenced packs younger than this survive (a writer may still be using them; default 1 h). */
  minUnreferencedAgeMs?: number;
}

/** Applies the shop's retention once. */
export async function runRetention(deps: RetentionDeps, shop: string): Promise<{ forget: ForgetResult; prune: PruneReport | null }> {
  const repository = await deps.openRepository(shop);
  const { retention } = await deps.settings(shop);
  const forget = await repository.forget({ last: 1, daily: retention.daily, weekly: retention.weekly, monthly: retention.monthly });
  // Always, not only when this run forgot something: a run that died after forgetting left the catalog behind.
  await dropForgottenSnapshots(deps.db, repository);
  if (forget.remove.length === 0) return { forget, prune: null };
  const prune = await repository.prune({ minUnreferencedAgeMs: deps.minUnreferencedAgeMs ?? 3_600_000, repackWasteThreshold: 0.3 });
  return { forget, prune };
}

/** The job handler. */
export function createRetentionHandler(deps: RetentionDeps): JobHandler {
  return async (job) => {
    await runRetention(deps, job.shop);
  };
}
