/** "Back up now" through the real in-process job queue: the job runs, reports progress and lands in the catalog. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { catalogSnapshot } from "~/catalog/catalog";
import { listCatalogSnapshots } from "~/catalog/queries";
import { createDb, type Db } from "~/db.server";
import { migrateDatabase } from "~/db/migrate.server";
import { createDbJobQueue } from "~/jobs/db-job-queue";
import type { JobInfo, JobQueue } from "~/jobs/job-queue";
import { createRepository, type Repository } from "~/repo";
import { createTestKeyProvider } from "~/repo/test-support";
import { createAdminClient } from "~/shopify/admin-client";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { startSimulator, type RunningSimulator } from "../../test/simulator";
import { createFullSnapshotHandler, FULL_SNAPSHOT_JOB } from "./full-snapshot-job";

const tmp = mkdtempSync(join(tmpdir(), "snapshelf-backup-job-"));
let db: Db;
let sim: RunningSimulator;
let queue: JobQueue;
let repository: Repository;

beforeAll(async () => {
  const target = { provider: "sqlite" as const, url: `file:${join(tmp, "jobs.sqlite")}` };
  await migrateDatabase(target, fileURLToPath(new URL("../../prisma/migrations", import.meta.url)));
  db = createDb(target);
  sim = await startSimulator({ size: "tiny", seed: 2, apiKey: "key", apiSecret: "secret", plan: "plus" });
  repository = createRepository({ store: createMemoryBlobStore(), keys: createTestKeyProvider(), shop: sim.shopDomain });
  await repository.init();
  queue = createDbJobQueue({ db, pollMs: 20 });
});

afterAll(async () => {
  await queue?.close();
  await db?.$disconnect();
  await sim?.close();
  rmSync(tmp, { recursive: true, force: true });
});

it("runs a full snapshot as a job, with progress and a catalog entry, honouring the data-type settings", async () => {
  const progress: string[] = [];
  const worker = queue.startWorker({
    concurrency: 1,
    handlers: {
      [FULL_SNAPSHOT_JOB]: createFullSnapshotHandler({
        openRepository: async () => repository,
        clientFor: async () => createAdminClient({ shop: sim.shopDomain, accessToken: sim.accessToken(), apiVersion: "2026-10", baseUrl: sim.url }),
        dataTypes: async () => ["products", "shop"],
        catalog: { snapshotCommitted: (repo, info) => catalogSnapshot(db, repo, info) },
        completed: async (_shop, result) => void progress.push(`completed:${result.records}`),
        bulk: { pollIntervalMs: 10 },
      }),
    },
  });
  const id = await queue.enqueue({ shop: sim.shopDomain, kind: FULL_SNAPSHOT_JOB, payload: { trigger: "manual" }, dedupeKey: FULL_SNAPSHOT_JOB });
  // A second click while the first is queued returns the same job.
  expect(await queue.enqueue({ shop: sim.shopDomain, kind: FULL_SNAPSHOT_JOB, payload: { trigger: "manual" }, dedupeKey: FULL_SNAPSHOT_JOB })).toBe(id);
  let job: JobInfo | undefined;
  for (let i = 0; i < 500; i++) {
    job = await queue.get(id);
    if (job?.status === "succeeded" || job?.status === "failed") break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await worker.stop();
  expect(job?.error).toBeNull();
  expect(job?.status).toBe("succeeded");
  expect(job?.phase).toBe("done");
  expect(job?.progress.expected).toBe(12);
  const [snapshot] = await repository.listSnapshots();
  expect(Object.keys(snapshot.countsPerType).sort()).toEqual(["MediaBlob", "MediaSource", "Product", "ProductVariantMetafields", "Shop"]);
  expect(snapshot.tags).toMatchObject({ trigger: "manual", job: id });
  expect((await listCatalogSnapshots(db, sim.shopDomain)).map((s) => s.id)).toEqual([snapshot.id]);
  expect(progress).toEqual([`completed:${snapshot.totalRecords}`]);
});
