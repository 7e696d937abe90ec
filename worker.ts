/**
 * `npm run worker`: a job worker process for deployments on the Redis queue
 * (SNAPSHELF_QUEUE=redis). The web processes enqueue; workers run backups,
 * incrementals, restores, drills, compliance jobs and the schedule tick.
 * Start as many as the load needs, on any machine that reaches Redis, the
 * database and the storage. Same settings as the server (all problems
 * reported at once); pending migrations are applied under the migration lock.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadConfig } from "./app/config/config.server";
import { migrateDatabase } from "./app/db/migrate.server";
import { startWorkerProcess } from "./app/services/worker.server";

const root = fileURLToPath(new URL(".", import.meta.url));

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.queue.kind !== "redis") {
    throw new Error("npm run worker is for SNAPSHELF_QUEUE=redis: with the in-process queue the app server works the jobs itself.");
  }
  await migrateDatabase(config.database, `${root}prisma/migrations`);
  const concurrency = Number(process.env.SNAPSHELF_WORKER_CONCURRENCY ?? 4);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new Error(`SNAPSHELF_WORKER_CONCURRENCY must be 1-64, got "${process.env.SNAPSHELF_WORKER_CONCURRENCY}"`);
  const worker = startWorkerProcess(concurrency);
  console.log(`Snapshelf worker running (${concurrency} at a time, ${config.mode} mode)`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Running jobs are aborted and go back to the queue for another worker.
    worker.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
