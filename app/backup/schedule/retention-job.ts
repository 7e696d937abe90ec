/**
 * The "retention" job: forgets snapshots beyond the shop's retention counts
 * (restic-style daily / weekly / monthly, plus the newest), prunes the data
 * no snapshot references any more, and drops the forgotten snapshots from
 * the catalog list.
 */
import type { Db } from "~/db.server";
import { countInChunks } from "~/db/in-chunks";
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
  if (forget.remove.length === 0) return { forget, prune: null };
  // A first retention after months of hourly snapshots can forget more than one statement may list.
  await countInChunks(forget.remove.map((r) => r.id), (ids) => deps.db.snapshotCatalog.deleteMany({ where: { shop, id: { in: ids } } }));
  const prune = await repository.prune({ minUnreferencedAgeMs: deps.minUnreferencedAgeMs ?? 3_600_000, repackWasteThreshold: 0.3 });
  return { forget, prune };
}

/** The job handler. */
export function createRetentionHandler(deps: RetentionDeps): JobHandler {
  return async (job) => {
    await runRetention(deps, job.shop);
  };
}
