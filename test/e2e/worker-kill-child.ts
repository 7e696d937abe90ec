/**
 * Child process for worker-kill.test.ts: a real job worker (DB job queue +
 * full-snapshot handler) on the test's SQLite file, local-folder repository
 * and simulator. It prints progress lines and, once the repository has
 * uploaded `haltAfterPacks` packs, announces HALTED and stops dead so the
 * parent's SIGKILL lands mid-snapshot every run (no timing luck involved).
 * Usage: node --import tsx test/e2e/worker-kill-child.ts '<WorkerKillConfig JSON>'
 */
import { createFullSnapshotHandler, FULL_SNAPSHOT_JOB } from "~/backup/full-snapshot-job";
import { catalogSnapshot } from "~/catalog/catalog";
import { createDb } from "~/db.server";
import { createJobQueue } from "~/jobs/create-job-queue";
import type { JobQueueTimings } from "~/jobs/job-queue";
import { createLocalKeyProvider } from "~/keys/local-key-provider";
import { createRepository, type RepositoryTuning } from "~/repo";
import { DATA_TYPES } from "~/services/settings";
import { createAdminClient } from "~/shopify/admin-client";
import type { BlobStore } from "~/storage/blob-store";
import { createLocalBlobStore } from "~/storage/local-blob-store";

/** Everything the child shares with the test, passed as one JSON argument. */
export interface WorkerKillConfig {
  dbUrl: string;
  repoDir: string;
  masterKey: string;
  shop: string;
  simulatorUrl: string;
  accessToken: string;
  apiVersion: string;
  timings: JobQueueTimings;
  tuning: Partial<RepositoryTuning>;
  haltAfterPacks: number;
}

const config = JSON.parse(process.argv[2] ?? "{}") as WorkerKillConfig;
const say = (line: string) => process.stdout.write(line + "\n");
let packs = 0;

/** Blocks forever with timers (job and repository lease renewals) still running, as a busy worker would. */
const halt = (): Promise<never> => {
  say("HALTED");
  return new Promise<never>(() => {
    setInterval(() => {}, 1000);
  });
};

function traced(store: BlobStore): BlobStore {
  return {
    url: store.url,
    get: (key) => store.get(key),
    getRange: (key, offset, length) => store.getRange(key, offset, length),
    stat: (key) => store.stat(key),
    list: (prefix) => store.list(prefix),
    delete: (key) => store.delete(key),
    async put(key, data, options) {
      await store.put(key, data, options);
      const kind = /^shops\/[^/]+\/([a-z]+)/.exec(key)?.[1] ?? "other";
      say(`PUT ${kind}`);
      if (kind === "packs" && ++packs === config.haltAfterPacks) await halt();
    },
  };
}

const db = createDb({ provider: "sqlite", url: config.dbUrl });
const repository = createRepository({
  store: traced(createLocalBlobStore(config.repoDir)),
  keys: createLocalKeyProvider(config.masterKey),
  shop: config.shop,
  tuning: config.tuning,
});
await repository.open();
const handler = createFullSnapshotHandler({
  openRepository: async () => repository,
  clientFor: async () =>
    createAdminClient({ shop: config.shop, accessToken: config.accessToken, apiVersion: config.apiVersion, baseUrl: config.simulatorUrl }),
  dataTypes: async () => DATA_TYPES,
  catalog: { snapshotCommitted: (repo, info) => catalogSnapshot(db, repo, info) },
  completed: async () => void say("COMPLETED"),
  bulk: { pollIntervalMs: 10 },
});
const queue = createJobQueue({ kind: "inprocess", db, timings: config.timings });
queue.startWorker({
  concurrency: 1,
  handlers: {
    [FULL_SNAPSHOT_JOB]: async (job, ctx) => {
      say(`CLAIMED ${job.id} attempt ${job.attempts}`);
      await handler(job, {
        signal: ctx.signal,
        progress: (phase, done, expected) => {
          say(`PROGRESS ${phase} ${done}/${expected ?? "?"}`);
          return ctx.progress(phase, done, expected);
        },
      });
    },
  },
});
say("READY");
