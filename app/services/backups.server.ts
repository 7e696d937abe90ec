/**
 * Backups as the app runs them: opening a shop's repository and Admin
 * client from the configuration, the "full-snapshot" job handler, the
 * "Back up now" action, and the catalog reads the snapshot pages show.
 */
import { createFullSnapshotHandler, FULL_SNAPSHOT_JOB } from "~/backup/full-snapshot-job";
import { createRepositoryCache, type RepositoryCache } from "~/backup/repository-cache";
import { catalogSnapshot } from "~/catalog/catalog";
import { getCatalogSnapshot, listCatalogSnapshots, recordHistory, searchSnapshotRecords } from "~/catalog/queries";
import { getConfig, type AppConfig } from "~/config/config.server";
import type { Db } from "~/db.server";
import { getDb } from "~/db/shared.server";
import { UserFacingError } from "~/errors";
import type { JobHandler, JobInfo, JobQueue } from "~/jobs/job-queue";
import type { KeyProvider } from "~/keys/key-provider";
import { createKmsKeyProvider } from "~/keys/kms-key-provider";
import { createLocalKeyProvider } from "~/keys/local-key-provider";
import { createRepository, openOrCreate, RedactedError, type Repository } from "~/repo";
import { createAdminClient, type AdminClient } from "~/shopify/admin-client";
import { openBlobStore } from "~/storage/open-blob-store";
import { recordAudit } from "./audit.server";
import { appQueue } from "./worker.server";
import { loadSettings } from "./shops.server";

export { FULL_SNAPSHOT_JOB };

let keyProvider: KeyProvider | undefined;

function keysFor(config: AppConfig): KeyProvider {
  keyProvider ??= config.keys.kind === "master" ? createLocalKeyProvider(config.keys.masterKey) : createKmsKeyProvider({ keyName: config.keys.keyName });
  return keyProvider;
}

/** The shop's repository, created on first use. */
export async function openShopRepository(shop: string, config: AppConfig = getConfig()): Promise<Repository> {
  return openOrCreate(createRepository({ store: await openBlobStore(config.storageUrl), keys: keysFor(config), shop }));
}

/** Per configuration (tests run several in one process): handles kept between this process's backup jobs. */
const keptRepositories = new WeakMap<AppConfig, RepositoryCache>();

/**
 * The shop's repository for a backup job (full, incremental, content poll,
 * retention): kept open between jobs so an incremental does not reload the
 * whole record index each time (app/backup/repository-cache.ts).
 */
export async function openBackupRepository(shop: string, config: AppConfig = getConfig()): Promise<Repository> {
  let cache = keptRepositories.get(config);
  if (!cache) keptRepositories.set(config, (cache = createRepositoryCache({ open: (s) => openShopRepository(s, config) })));
  return cache.get(shop);
}

/** An Admin client on the shop's offline token (bulk work needs offline tokens). */
export async function adminClientFor(db: Db, shop: string, config: AppConfig = getConfig()): Promise<AdminClient> {
  const session = await db.session.findFirst({ where: { shop, isOnline: false }, orderBy: { expires: "desc" } });
  if (!session?.accessToken) throw new UserFacingError("Snapshelf has no access to this shop; open the app in Shopify admin again.", { shop });
  return createAdminClient({
    shop,
    accessToken: session.accessToken,
    apiVersion: String(config.shopify.apiVersion),
    // Demo mode talks to the bundled simulator instead of https://<shop>.
    baseUrl: config.demo?.simulatorUrl,
  });
}

/** Job handlers this module owns, for whichever process runs workers. */
export function backupJobHandlers(db: Db = getDb()): Record<string, JobHandler> {
  return {
    [FULL_SNAPSHOT_JOB]: createFullSnapshotHandler({
      openRepository: (shop) => openBackupRepository(shop),
      clientFor: (shop) => adminClientFor(db, shop),
      dataTypes: async (shop) => (await loadSettings(db, shop)).dataTypes,
      catalog: { snapshotCommitted: (repo, info) => catalogSnapshot(db, repo, info) },
      completed: (shop, result) =>
        recordAudit(db, {
          shop,
          actor: "snapshelf",
          action: "snapshot.completed",
          details: { snapshotId: result.snapshot.id, records: result.records, seconds: result.seconds },
        }),
    }),
  };
}


/** The app's one job queue (owned by worker.server, which registers every job kind's handler). */
export function backupQueue(): JobQueue {
  return appQueue();
}

/** "Back up now": enqueues one full snapshot (a second click while one is queued returns the same job). */
export async function requestFullSnapshot(shop: string, actor: string): Promise<string> {
  const id = await backupQueue().enqueue({ shop, kind: FULL_SNAPSHOT_JOB, payload: { trigger: "manual" }, dedupeKey: FULL_SNAPSHOT_JOB });
  await recordAudit(getDb(), { shop, actor, action: "snapshot.requested", details: { jobId: id } });
  return id;
}

/** The shop's newest full-snapshot job, for the progress banner. */
export async function latestSnapshotJob(shop: string): Promise<JobInfo | undefined> {
  const jobs = await backupQueue().list({ shop, limit: 10 });
  return jobs.find((job) => job.kind === FULL_SNAPSHOT_JOB);
}

/** The snapshot list page. */
export async function loadSnapshotList(shop: string) {
  const [snapshots, job] = await Promise.all([listCatalogSnapshots(getDb(), shop), latestSnapshotJob(shop)]);
  return { snapshots: snapshots.map((s) => ({ ...s, takenAt: s.takenAt.toISOString(), finishedAt: s.finishedAt?.toISOString() ?? null })), job: jobView(job) };
}

const PAGE_SIZE = 50;

/** One snapshot: counts, records by type with search, and optionally one record's JSON and history. */
export async function loadSnapshotDetail(shop: string, id: string, query: { type?: string; q?: string; page?: number; gid?: string }) {
  const db = getDb();
  const snapshot = await getCatalogSnapshot(db, shop, id);
  if (!snapshot) throw new Response("Snapshot not found", { status: 404 });
  const page = Math.max(1, query.page ?? 1);
  const records = await searchSnapshotRecords(db, shop, id, { type: query.type || undefined, q: query.q, skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE });
  let selected: { type: string; gid: string; json: string | null; redacted: boolean; history: Awaited<ReturnType<typeof recordHistory>> } | null = null;
  if (query.type && query.gid) {
    const repository = await openShopRepository(shop);
    let json: string | null = null;
    let redacted = false;
    try {
      const version = await repository.getRecord(id, query.type, query.gid);
      json = version ? JSON.stringify(version.record, null, 2) : null;
    } catch (error) {
      if (!(error instanceof RedactedError)) throw error;
      redacted = true;
    }
    selected = { type: query.type, gid: query.gid, json, redacted, history: await recordHistory(db, shop, query.type, query.gid) };
  }
  return {
    snapshot: { ...snapshot, takenAt: snapshot.takenAt.toISOString(), finishedAt: snapshot.finishedAt?.toISOString() ?? null },
    records: { rows: records.rows.map((r) => ({ type: r.type, gid: r.gid, title: r.title, handle: r.handle, email: r.email })), total: records.total, page, pageSize: PAGE_SIZE },
    selected: selected && { ...selected, history: selected.history.map((h) => ({ ...h, firstSeenAt: h.firstSeenAt.toISOString(), lastSeenAt: h.lastSeenAt.toISOString() })) },
  };
}

/** What the UI shows of a job. */
export function jobView(job: JobInfo | undefined) {
  if (!job) return null;
  return { id: job.id, status: job.status, phase: job.phase, done: job.progress.done, expected: job.progress.expected, error: job.error, createdAt: job.createdAt.toISOString() };
}
