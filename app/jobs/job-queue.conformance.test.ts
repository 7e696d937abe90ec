import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { postgresTestSchema } from "../../test/support/postgres";
import { createDb } from "~/db.server";
import { migrateDatabase, type DatabaseTarget } from "~/db/migrate.server";
import { createBullmqJobQueue } from "./bullmq-job-queue";
import { createDbJobQueue } from "./db-job-queue";
import {
  CONFORMANCE_TIMINGS,
  runJobQueueConformance,
  type QueueUnderTest,
} from "./job-queue.conformance";

const migrationsRoot = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
let counter = 0;

/** A migrated, empty database per test; the queue's own timings are the battery's. */
async function dbQueue(target: DatabaseTarget, drop: () => Promise<void>): Promise<QueueUnderTest> {
  await migrateDatabase(target, migrationsRoot);
  const db = createDb(target);
  const queue = createDbJobQueue({ db, ...CONFORMANCE_TIMINGS, progressIntervalMs: 50 });
  return {
    queue,
    cleanup: async () => {
      await db.$disconnect();
      await drop();
    },
  };
}

runJobQueueConformance("database (SQLite)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "snapshelf-jobs-"));
  return dbQueue({ provider: "sqlite", url: `file:${join(dir, "jobs.sqlite")}` }, async () =>
    rmSync(dir, { recursive: true, force: true }),
  );
});

runJobQueueConformance("database (PostgreSQL)", async () => {
  const pgSchema = postgresTestSchema(`jobs_${counter++}`);
  return dbQueue({ provider: "postgresql", url: pgSchema.url }, () => pgSchema.drop());
});

runJobQueueConformance("BullMQ (Redis)", async () => {
  const queue = createBullmqJobQueue({
    redisUrl: "redis://127.0.0.1:6379",
    prefix: `snapshelf-test-${process.pid}-${Date.now()}-${counter++}`,
    ...CONFORMANCE_TIMINGS,
    parkMs: 500,
    progressIntervalMs: 50,
  });
  return { queue, cleanup: () => queue.destroy() };
});
