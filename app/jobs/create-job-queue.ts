/**
 * The one place the app picks its JobQueue: in-process over the database on
 * one machine (default), BullMQ on Redis when SNAPSHELF_QUEUE=redis.
 */
import type { AppConfig } from "~/config/config.server";
import type { Db } from "~/db.server";
import { ConfigError } from "~/errors";
import { createBullmqJobQueue } from "./bullmq-job-queue";
import { createDbJobQueue } from "./db-job-queue";
import type { JobQueue, JobQueueTimings } from "./job-queue";

export type JobQueueConfig = AppConfig["queue"] & {
  /** Needed for the in-process queue, whose jobs live in the app's database. */
  db?: Db;
  timings?: JobQueueTimings;
};

/** The JobQueue the configuration asks for. */
export function createJobQueue(config: JobQueueConfig): JobQueue {
  if (config.kind === "redis") {
    return createBullmqJobQueue({ redisUrl: config.redisUrl, prefix: config.prefix, ...config.timings });
  }
  if (!config.db) throw new ConfigError(["the in-process job queue needs the database client"]);
  return createDbJobQueue({ db: config.db, ...config.timings });
}
