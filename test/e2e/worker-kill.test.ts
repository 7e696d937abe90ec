/**
 * Crash resume end to end: a worker process running a full-snapshot job over
 * the DB job queue is SIGKILLed after it has fetched records and uploaded
 * packs; once its job lease expires a second worker re-runs the job. The
 * repository must never show a partial snapshot, end with exactly one
 * snapshot from that job, check clean at 100% read-back (after prune removes
 * the crashed run's unreferenced packs), and hold every record of the
 * simulator's store field by field.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createFullSnapshotHandler, FULL_SNAPSHOT_JOB } from "~/backup/full-snapshot-job";
import { RECORD_TYPE_MODULES } from "~/backup/types";
import { verifySnapshot } from "~/backup/verify";
import { catalogSnapshot } from "~/catalog/catalog";
import { listCatalogSnapshots } from "~/catalog/queries";
import { createDb, type Db } from "~/db.server";
import { migrateDatabase } from "~/db/migrate.server";
import { createJobQueue } from "~/jobs/create-job-queue";
import type { JobInfo, JobQueue } from "~/jobs/job-queue";
import { createLocalKeyProvider } from "~/keys/local-key-provider";
import { createRepository, type Repository } from "~/repo";
import { DATA_TYPES } from "~/services/settings";
import { createAdminClient, type AdminClient } from "~/shopify/admin-client";
import { createLocalBlobStore } from "~/storage/local-blob-store";
import { startTs } from "../repo/spawn";
import { startSimulator, type RunningSimulator } from "../simulator";
import type { WorkerKillConfig } from "./worker-kill-child";

/** Fixed, clearly fake key for tests only (base64 of 32 bytes). */
const MASTER_KEY = Buffer.alloc(32, 9).toString("base64");
const API_VERSION = "2026-10";
// The repository lease must lapse before the job lease does (renewals run
// every third of a lease), so the resumed run finds the repository free.
const TIMINGS = { leaseMs: 4_000, pollMs: 50, backoffMs: 200, maxBackoffMs: 1_000 };
// Tiny blocks and packs: the tiny store then spans many packs, so the kill lands between uploads.
const TUNING = { blockTargetBytes: 4096, packTargetBytes: 16_384, leaseTtlMs: 2_000 };
const HALT_AFTER_PACKS = 10;

let tmp: string;
let dbUrl: string;
let repoDir: string;
let db: Db;
let sim: RunningSimulator;
let client: AdminClient;
let queue: JobQueue;
let child: ChildProcess | undefined;

function openRepository(): Repository {
  return createRepository({
    store: createLocalBlobStore(repoDir),
    keys: createLocalKeyProvider(MASTER_KEY),
    shop: sim.shopDomain,
    tuning: TUNING,
  });
}

async function packFiles(): Promise<number> {
  const root = join(repoDir, "shops", sim.shopDomain, "packs");
  let n = 0;
  for (const sub of await readdir(root).catch(() => [])) n += (await readdir(join(root, sub))).length;
  return n;
}

/** Lists snapshots every few ms until stopped; returns every snapshot id ever seen. */
function watchSnapshots(repository: Repository) {
  const seen = new Set<string>();
  let most = 0;
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const ids = (await repository.listSnapshots()).map((s) => s.id);
      most = Math.max(most, ids.length);
      for (const id of ids) seen.add(id);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await done;
      return { seen: [...seen], most };
    },
  };
}

async function waitForEnd(id: string, timeoutMs: number): Promise<JobInfo | undefined> {
  const until = Date.now() + timeoutMs;
  let job: JobInfo | undefined;
  while (Date.now() < until) {
    job = await queue.get(id);
    if (job && ["succeeded", "failed", "canceled"].includes(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return job;
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "snapshelf-worker-kill-"));
  repoDir = join(tmp, "repo");
  dbUrl = `file:${join(tmp, "jobs.sqlite")}`;
  const target = { provider: "sqlite" as const, url: dbUrl };
  await migrateDatabase(target, fileURLToPath(new URL("../../prisma/migrations", import.meta.url)));
  db = createDb(target);
  sim = await startSimulator({ size: "tiny", seed: 5, apiKey: "key", apiSecret: "secret", plan: "plus" });
  client = createAdminClient({ shop: sim.shopDomain, accessToken: sim.accessToken(), apiVersion: API_VERSION, baseUrl: sim.url });
  await openRepository().init();
  queue = createJobQueue({ kind: "inprocess", db, timings: TIMINGS });
});

afterAll(async () => {
  // A failed assertion must not leave the worker child running.
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await queue?.close();
  await db?.$disconnect();
  await sim?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

it("resumes a full snapshot whose worker was SIGKILLed mid-write: one complete snapshot, clean repository", async () => {
  const repository = openRepository();
  await repository.open();
  const id = await queue.enqueue({ shop: sim.shopDomain, kind: FULL_SNAPSHOT_JOB, payload: { trigger: "manual" }, dedupeKey: FULL_SNAPSHOT_JOB });
  const watcher = watchSnapshots(repository);

  const config: WorkerKillConfig = {
    dbUrl,
    repoDir,
    masterKey: MASTER_KEY,
    shop: sim.shopDomain,
    simulatorUrl: sim.url,
    accessToken: sim.accessToken(),
    apiVersion: API_VERSION,
    timings: TIMINGS,
    tuning: TUNING,
    haltAfterPacks: HALT_AFTER_PACKS,
  };
  const run = startTs("test/e2e/worker-kill-child.ts", [JSON.stringify(config)]);
  child = run.child;
  // A child that finishes the snapshot instead of halting fails here rather than hanging.
  const stop = await run.waitFor(/^(HALTED|COMPLETED)$/).catch((error: Error) => error.message);
  expect(stop, `child said: ${run.lines.join(" | ")}`).toBe("HALTED");
  // Mid-snapshot: records were fetched and packs uploaded, nothing committed.
  expect(run.lines).toContain(`CLAIMED ${id} attempt 1`);
  expect(run.lines.some((l) => l.startsWith("PROGRESS fetching"))).toBe(true);
  expect(run.lines.filter((l) => l === "PUT packs")).toHaveLength(HALT_AFTER_PACKS);
  expect(run.lines).not.toContain("PUT snapshots");
  const running = await queue.get(id);
  expect(running).toMatchObject({ status: "running", attempts: 1 });
  run.child.kill("SIGKILL");
  const exit = await run.exited;
  expect(exit.signal, exit.stderr).toBe("SIGKILL");
  expect(run.lines).not.toContain("COMPLETED");

  // The crash left packs behind but no snapshot and no catalog entry.
  expect(await repository.listSnapshots()).toEqual([]);
  expect(await listCatalogSnapshots(db, sim.shopDomain)).toEqual([]);
  const debris = await packFiles();
  expect(debris).toBeGreaterThanOrEqual(HALT_AFTER_PACKS);

  // A second worker takes the job once the dead worker's lease has expired.
  const worker = queue.startWorker({
    concurrency: 1,
    handlers: {
      [FULL_SNAPSHOT_JOB]: createFullSnapshotHandler({
        openRepository: async () => repository,
        clientFor: async () => client,
        dataTypes: async () => DATA_TYPES,
        catalog: { snapshotCommitted: (repo, info) => catalogSnapshot(db, repo, info) },
        bulk: { pollIntervalMs: 10 },
      }),
    },
  });
  const job = await waitForEnd(id, 60_000);
  await worker.stop();
  const { seen, most } = await watcher.stop();
  expect(job?.error ?? null).toBeNull();
  expect(job?.status).toBe("succeeded");
  expect(job?.attempts).toBeGreaterThanOrEqual(2);
  expect(job?.phase).toBe("done");

  // Exactly one snapshot, from this job, and never anything else visible.
  const snapshots = await repository.listSnapshots();
  expect(snapshots).toHaveLength(1);
  const [snapshot] = snapshots;
  expect(snapshot.tags).toMatchObject({ trigger: "manual", job: id });
  expect(seen).toEqual([snapshot.id]);
  expect(most).toBe(1);
  expect((await listCatalogSnapshots(db, sim.shopDomain)).map((s) => s.id)).toEqual([snapshot.id]);

  // Clean at 100% read-back; prune then reclaims the crashed run's packs and it stays clean.
  const check = await repository.check({ readDataPercent: 100 });
  expect(check.problems).toEqual([]);
  expect(check.ok).toBe(true);
  const before = await packFiles();
  const pruned = await repository.prune({ minUnreferencedAgeMs: 0, repackWasteThreshold: 1 });
  expect(pruned.packsDeleted).toBeGreaterThanOrEqual(HALT_AFTER_PACKS);
  expect(await packFiles()).toBe(before - pruned.packsDeleted);
  const after = await repository.check({ readDataPercent: 100 });
  expect(after.problems).toEqual([]);
  expect(after.ok).toBe(true);

  // Every record of the store equals its stored version, field by field.
  const report = await verifySnapshot(repository, snapshot.id, RECORD_TYPE_MODULES, { client });
  expect(report.missing).toEqual([]);
  expect(report.extra).toEqual([]);
  expect(report.mismatched).toEqual([]);
  const counts = snapshot.countsPerType;
  expect(report.checked).toBe(snapshot.totalRecords - (counts.MediaBlob ?? 0) - (counts.MediaSource ?? 0));
  expect(counts.Product).toBeGreaterThan(0);
  expect(counts.Customer).toBeGreaterThan(0);
}, 120_000);
