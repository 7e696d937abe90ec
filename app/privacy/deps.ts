/** What the privacy jobs need from the app; tests pass their own. */
import type { Db } from "~/db.server";
import { NotFoundError, RetryableError } from "~/errors";
import type { Repository } from "~/repo";

export interface PrivacyDeps {
  db: Db;
  /** An unopened handle on the shop's repository (never created by these jobs). */
  repositoryFor(shop: string): Promise<Repository>;
  /** Folder for data-request exports: files go to `<exportDir>/<shop>/<request>.jsonl`. */
  exportDir: string;
  /** In-job retries while another writer holds the shop's lease, before the queue's own backoff. */
  leaseRetry?: { attempts: number; delayMs: number };
}

/** The shop's repository opened, or undefined when it never had one. */
export async function openExisting(deps: PrivacyDeps, shop: string): Promise<Repository | undefined> {
  const repository = await deps.repositoryFor(shop);
  try {
    await repository.open();
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
  return repository;
}

/**
 * Runs `work` until it stops failing with RetryableError (a held lease), a
 * few times with a pause; then lets the error reach the queue, which retries
 * the whole job with backoff.
 */
export async function retryOnBusy<T>(deps: PrivacyDeps, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  const { attempts, delayMs } = deps.leaseRetry ?? { attempts: 6, delayMs: 5_000 };
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof RetryableError) || attempt >= attempts || signal.aborted) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
