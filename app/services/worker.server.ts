/**
 * The app's job queue and its in-process worker: every job kind's handler
 * (full snapshots, incrementals, content polls, retention, product and
 * theme restores, restore drills, compliance requests) plus the scheduler tick. With the in-process queue the web
 * process works the jobs itself; with Redis, worker processes call
 * appJobHandlers() and startAppScheduler() the same way.
 */
import { runFullSnapshot } from "~/backup/full-snapshot";
import { createIncrementalHandler } from "~/backup/incremental/incremental-job";
import { INCREMENTAL_JOB, POLL_CONTENT_JOB, RETENTION_JOB } from "~/backup/incremental/job-kinds";
import { runContentPoll } from "~/backup/incremental/poll";
import { createRetentionHandler } from "~/backup/schedule/retention-job";
import { startScheduler } from "~/backup/schedule/scheduler";
import { catalogSnapshot } from "~/catalog/catalog";
import { getConfig } from "~/config/config.server";
import type { Db } from "~/db.server";
import { getDb } from "~/db/shared.server";
import { createJobQueue } from "~/jobs/create-job-queue";
import type { JobHandler, JobQueue, JobWorker } from "~/jobs/job-queue";
import { privacyJobHandlers } from "~/privacy/privacy.server";
import { adminClientFor, backupJobHandlers, openBackupRepository } from "./backups.server";
import { drillJobHandlers } from "./drills.server";
import { restoreJobHandlers } from "./restore.server";
import { themeRestoreJobHandlers } from "./theme-restore.server";
import { loadSettings } from "./shops.server";

/** Every job kind the app runs, by kind. */
export function appJobHandlers(db: Db = getDb()): Record<string, JobHandler> {
  const catalog = { snapshotCommitted: (repo: Parameters<typeof catalogSnapshot>[1], info: Parameters<typeof catalogSnapshot>[2]) => catalogSnapshot(db, repo, info) };
  const dataTypes = async (shop: string) => (await loadSettings(db, shop)).dataTypes;
  const common = { db, openRepository: (shop: string) => openBackupRepository(shop), clientFor: (shop: string) => adminClientFor(db, shop), dataTypes, catalog };
  return {
    ...backupJobHandlers(db),
    ...restoreJobHandlers(db),
    ...themeRestoreJobHandlers(db),
    ...privacyJobHandlers(db),
    ...drillJobHandlers(db),
    [INCREMENTAL_JOB]: createIncrementalHandler({
      ...common,
      runFull: async (shop, signal) => {
        await runFullSnapshot({ shop, client: await common.clientFor(shop), repository: await common.openRepository(shop), catalog, types: await dataTypes(shop), signal, tags: { trigger: "first-incremental" } });
      },
    }),
    [POLL_CONTENT_JOB]: async (job, ctx) => {
      await runContentPoll(common, job.shop, ctx.signal);
    },
    [RETENTION_JOB]: createRetentionHandler({ db, openRepository: common.openRepository, settings: (shop) => loadSettings(db, shop) }),
  };
}

/** Starts the scheduler tick over `queue` for installed shops. */
export function startAppScheduler(queue: JobQueue, db: Db = getDb()) {
  return startScheduler({
    db,
    queue,
    shops: async () => (await db.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } })).map((s) => s.domain),
    settings: (shop) => loadSettings(db, shop),
  });
}

let queue: JobQueue | undefined;
let worker: JobWorker | undefined;
let scheduler: { stop(): Promise<void> } | undefined;

/** The process's job queue; with the in-process queue this process also works the jobs and runs the scheduler. */
export function appQueue(): JobQueue {
  const config = getConfig();
  queue ??= createJobQueue({ ...config.queue, db: getDb() });
  if (!worker && config.queue.kind === "inprocess") {
    worker = queue.startWorker({ concurrency: 2, handlers: appJobHandlers() });
    scheduler = startAppScheduler(queue);
  }
  return queue;
}

/**
 * A worker process (`npm run worker`, for SNAPSHELF_QUEUE=redis): works every
 * job kind and runs the schedule tick; the web processes only enqueue. Several
 * may run: BullMQ hands each job to one of them, and the schedule marks each
 * period once, whichever process ticks first.
 */
export function startWorkerProcess(concurrency = 4): { stop(): Promise<void> } {
  const config = getConfig();
  const own = createJobQueue({ ...config.queue, db: getDb() });
  const ownWorker = own.startWorker({ concurrency, handlers: appJobHandlers() });
  const ownScheduler = startAppScheduler(own);
  return {
    async stop() {
      await ownScheduler.stop();
      await ownWorker.stop();
      await own.close();
    },
  };
}

/** Stops the worker and the scheduler (server shutdown, tests). */
export async function stopAppQueue(): Promise<void> {
  await scheduler?.stop();
  await queue?.close();
  queue = worker = scheduler = undefined;
}
