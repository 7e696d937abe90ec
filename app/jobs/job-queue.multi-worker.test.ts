/**
 * Beyond the battery: several queue instances on one backend (as separate
 * processes would be) never run a job twice nor two jobs of a shop at once,
 * and the BullMQ shop turn heals after a process died before handing it on.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { postgresTestSchema } from "../../test/support/postgres";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "~/db.server";
import { migrateDatabase, type DatabaseTarget } from "~/db/migrate.server";
import { createBullmqJobQueue } from "./bullmq-job-queue";
import { createJobQueue } from "./create-job-queue";
import { createDbJobQueue } from "./db-job-queue";
import type { JobHandler, JobQueue } from "./job-queue";
import { CONFORMANCE_TIMINGS } from "./job-queue.conformance";

const migrationsRoot = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
const redisUrl = "redis://127.0.0.1:6379";
const pgSchema = postgresTestSchema("jobs_multi");
const dir = mkdtempSync(join(tmpdir(), "snapshelf-jobs-multi-"));

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pgSchema.drop();
});

async function until(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Three "processes" with two slots each race over 3 shops × 6 jobs. */
async function race(queues: JobQueue[]): Promise<void> {
  const runs = new Map<string, number>();
  const busy = new Set<string>();
  const overlaps: string[] = [];
  const handler: JobHandler = async (job) => {
    runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
    if (busy.has(job.shop)) overlaps.push(job.shop);
    busy.add(job.shop);
    await new Promise((r) => setTimeout(r, 15));
    busy.delete(job.shop);
  };
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) {
    for (const shop of ["a", "b", "c"]) {
      ids.push(
        await queues[i % queues.length].enqueue({
          shop: `${shop}.myshopify.com`,
          kind: "work",
          payload: { i },
        }),
      );
    }
  }
  const workers = queues.map((q) => q.startWorker({ concurrency: 2, handlers: { work: handler } }));
  try {
    await until("every job to succeed", async () =>
      (await Promise.all(ids.map((id) => queues[0].get(id)))).every(
        (j) => j?.status === "succeeded",
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
  expect(overlaps).toEqual([]);
  expect(ids.map((id) => runs.get(id))).toEqual(ids.map(() => 1));
}

// PostgreSQL gets one client per queue, as separate processes would have.
// SQLite shares one: better-sqlite3 waits for a busy file synchronously, so
// several connections in one thread would block each other's event loop.
describe.each<DatabaseTarget & { clients: number }>([
  { provider: "sqlite", url: `file:${join(dir, "multi.sqlite")}`, clients: 1 },
  { provider: "postgresql", url: pgSchema.url, clients: 3 },
])("database queue on $provider with three workers", ({ clients, ...target }) => {
  it("runs each job once and one job per shop at a time", async () => {
    await migrateDatabase(target, migrationsRoot);
    const dbs = Array.from({ length: clients }, () => createDb(target));
    const queues = [0, 1, 2].map((i) =>
      createJobQueue({ kind: "inprocess", db: dbs[i % clients], timings: CONFORMANCE_TIMINGS }),
    );
    try {
      await race(queues);
    } finally {
      await Promise.all(queues.map((q) => q.close()));
      await Promise.all(dbs.map((db) => db.$disconnect()));
    }
  });

  it("fails a job that keeps losing its worker instead of retrying it forever", async () => {
    const db = createDb(target);
    const queue = createDbJobQueue({ db, ...CONFORMANCE_TIMINGS, leaseMs: 300 });
    try {
      const id = await queue.enqueue({ shop: "poison.myshopify.com", kind: "hang", payload: {} });
      let started = 0;
      const hang = () => {
        started++;
        return new Promise<void>(() => {});
      };
      for (let i = 0; i < 3; i++) {
        const worker = queue.startWorker({
          concurrency: 1,
          shutdownGraceMs: 0,
          handlers: { hang },
        });
        try {
          await until(`run ${i + 1}`, async () => started === i + 1);
        } finally {
          await worker.stop();
        }
      }
      queue.startWorker({ concurrency: 1, handlers: { hang: async () => {} } });
      await until("the job to fail", async () => (await queue.get(id))?.status === "failed");
      expect((await queue.get(id))?.error).toMatch(/worker lost the job 3 times/);
    } finally {
      await queue.close();
      await db.$disconnect();
    }
  });
});

describe("BullMQ queue with three workers", () => {
  const prefix = `snapshelf-multi-${process.pid}-${Date.now()}`;

  it("runs each job once and one job per shop at a time", async () => {
    const queues = [0, 1, 2].map(() =>
      createBullmqJobQueue({ redisUrl, prefix, ...CONFORMANCE_TIMINGS, parkMs: 300 }),
    );
    try {
      await race(queues);
    } finally {
      await Promise.all(queues.slice(1).map((q) => q.close()));
      await queues[0].destroy();
    }
  });

  it("repairs a shop turn left behind by a process that died before handing it on", async () => {
    const stalePrefix = `${prefix}-stale`;
    const redis = new Redis(redisUrl);
    await redis.set(
      `${stalePrefix}:snapshelf:jobs:turn:a.myshopify.com`,
      "ghost-of-a-dead-process",
    );
    await redis.quit();
    const queue = createBullmqJobQueue({
      redisUrl,
      prefix: stalePrefix,
      ...CONFORMANCE_TIMINGS,
      parkMs: 200,
    });
    try {
      const id = await queue.enqueue({ shop: "a.myshopify.com", kind: "work", payload: {} });
      queue.startWorker({ concurrency: 1, handlers: { work: async () => {} } });
      await until(
        "the parked job to run",
        async () => (await queue.get(id))?.status === "succeeded",
      );
    } finally {
      await queue.destroy();
    }
  });
});
