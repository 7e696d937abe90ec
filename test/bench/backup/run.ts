/**
 * The backup benchmark's measured process (started by backup.bench.ts, bundled
 * and on plain node): a full snapshot of a seeded store through the simulator
 * (its own process), then 1% random edits (product metafields, customer
 * notes) delivered as signed webhooks to an endpoint verified by
 * @shopify/shopify-api, worked by the in-process job queue as incremental
 * snapshots, then verification. Prints one JSON line (see docs/benchmarks.md).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runFullSnapshot } from "~/backup/full-snapshot";
import { createIncrementalHandler } from "~/backup/incremental/incremental-job";
import { INCREMENTAL_JOB } from "~/backup/incremental/job-kinds";
import { createRepositoryCache } from "~/backup/repository-cache";
import { startIntakeServer } from "~/backup/incremental/test-support";
import { RECORD_TYPE_MODULES } from "~/backup/types";
import { verifySnapshot } from "~/backup/verify";
import { catalogSnapshot } from "~/catalog/catalog";
import { createDb } from "~/db.server";
import { migrateDatabase } from "~/db/migrate.server";
import { createLocalKeyProvider, generateMasterKey } from "~/keys/local-key-provider";
import { createDbJobQueue } from "~/jobs/db-job-queue";
import { createRepository, type Repository, type SnapshotInfo } from "~/repo";
import { createAdminClient } from "~/shopify/admin-client";
import { createLocalBlobStore } from "~/storage/local-blob-store";
import { createCallTimings, operationName, percentile } from "./call-timings";
import { makeEdits } from "./edits";
import { startMemorySampler } from "./memory-sampler";
import { startSimulatorProcess } from "./sim-process";
import { trackSimulatorWait } from "./sim-wait";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "small" },
    seed: { type: "string", default: "1" },
    edits: { type: "string", default: "0.01" },
    verify: { type: "boolean", default: true },
    "verify-source": { type: "string", default: "paged" },
    root: { type: "string" },
    keep: { type: "string" },
    "full-only": { type: "boolean", default: false },
  },
  allowNegative: true,
});
const root = values.root ?? fileURLToPath(new URL("../../../", import.meta.url));
const API_KEY = "bench-key";
const API_SECRET = "bench-secret";
const started = Date.now();
const wait = trackSimulatorWait();
// `--keep DIR`: the run's database, repository and master key stay in DIR, and a
// later run with the same DIR skips the full snapshot (its figures are read back
// from DIR/full.json), so the incremental phase on `large` can be re-measured
// without another hour-long full snapshot.
const dir = values.keep ? resolve(values.keep) : mkdtempSync(join(tmpdir(), "snapshelf-bench-incremental-"));
mkdirSync(dir, { recursive: true });
const keyFile = join(dir, "master.key");
if (values.keep && !existsSync(keyFile)) writeFileSync(keyFile, generateMasterKey(), { mode: 0o600 });
const masterKey = values.keep ? readFileSync(keyFile, "utf8").trim() : generateMasterKey();
const fullFile = join(dir, "full.json");
const kept = values.keep && existsSync(fullFile) ? (JSON.parse(readFileSync(fullFile, "utf8")) as KeptFull) : null;
if (values.keep && !kept && existsSync(join(dir, "repo"))) {
  throw new Error(`--keep ${dir} holds a repository but no full.json (its full snapshot never finished): remove the directory and run again`);
}
const memory = startMemorySampler();

interface KeptFull {
  size: string;
  seed: string;
  snapshotId: string;
  records: number;
  full_s: number;
  full_peak_rss_mb: number;
  full_fetch_peak_rss_mb: number;
  /** Image URLs in records carry the simulator's address: a resumed run serves the store on the same port. */
  sim_port: number;
}

const target = { provider: "sqlite" as const, url: `file:${join(dir, "bench.sqlite")}` };
await migrateDatabase(target, join(root, "prisma/migrations"));
const db = createDb(target);
const queue = createDbJobQueue({ db, pollMs: 20 });
const intake = await startIntakeServer({ db, queue, apiKey: API_KEY, apiSecret: API_SECRET, intake: { coalesceMs: 250 } });
const sim = await startSimulatorProcess({ root, size: values.size!, seed: values.seed!, apiKey: API_KEY, apiSecret: API_SECRET, webhookUrl: intake.url, port: kept?.sim_port });
try {
  const shop = sim.shop;
  const client = createAdminClient({ shop, accessToken: sim.token, apiVersion: "2026-10", baseUrl: sim.url });
  const repository: Repository = createRepository({ store: createLocalBlobStore(join(dir, "repo")), keys: createLocalKeyProvider(masterKey), shop });
  await (kept ? repository.open() : repository.init());
  const catalog = { snapshotCommitted: (repo: Repository, info: SnapshotInfo) => catalogSnapshot(db, repo, info) };

  if (kept) await checkKept(kept, repository);
  const full = kept ? { records: kept.records, seconds: kept.full_s } : await fullSnapshot({ shop, client, repository, catalog });
  const fullSeconds = full.seconds;
  if (values["full-only"]) {
    console.log(JSON.stringify({ size: values.size, records: full.records, full_s: fullSeconds, full_peak_rss_mb: memory.peak("full"), memory: memory.report() }));
  } else {
    await incrementalsAndVerify();
  }

  async function incrementalsAndVerify(): Promise<void> {
    memory.phase("incremental");
    // What the job waits on: requests by operation, parent reads, commits, catalog updates.
    const timings = createCallTimings();
    const clientBefore = { waitedMs: client.throttleState().waitedMs, cost: client.costUsed() };
    const timedRepository = timings.timed(repository, ["getRecord", "writeChanges", "listSnapshots", "refresh"], (method) => `repository.${method}`);
    const timedClient = timings.timed(client, ["request"], (_method, args) => `request.${operationName(args[0])}`);
    // The catalog reads through the untimed handle, so repository.getRecord counts the job's parent reads alone.
    const timedCatalog = timings.timed({ snapshotCommitted: (_repo: Repository, info: SnapshotInfo) => catalog.snapshotCommitted(repository, info) }, ["snapshotCommitted"], () => "catalog.snapshotCommitted");
    const handles = createRepositoryCache({ open: async () => timedRepository });
    const worker = queue.startWorker({
      concurrency: 1,
      handlers: {
        [INCREMENTAL_JOB]: createIncrementalHandler({
          db,
          // As the app's worker does: one handle kept between jobs and refreshed before each.
        openRepository: (shop) => handles.get(shop),
          clientFor: async () => timedClient,
          dataTypes: async () => ["products", "collections", "inventory", "customers", "orders", "metaobjects", "themes", "shop", "content"],
          runFull: async () => undefined,
          catalog: timedCatalog,
        }),
      },
    });
    // The edits come from another app on the store (a merchant's bulk editor): Shopify limits per app
    // and store, so they do not spend the app's rate-limit bucket; their webhooks reach the app all the same.
    const editor = createAdminClient({ shop, accessToken: sim.editorToken, apiVersion: "2026-10", baseUrl: sim.url });
    const editRun = await makeEdits(editor, Number(values.edits), Number(values.seed));
    const edited = editRun.gids;
    if (editRun.seconds > editRun.paceSeconds * 1.1 + 1) {
      console.error(`[bench] the edits took ${editRun.seconds.toFixed(1)} s against ${editRun.paceSeconds.toFixed(1)} s at their pace: the store answered the editor slower than the pace, so webhooks arrived more thinly`);
    }
    // Every webhook delivered, then every event worked.
    for (;;) {
      const pending = await db.webhookEvent.count({ where: { status: "pending" } });
      const live = await db.job.count({ where: { status: { in: ["queued", "running"] } } });
      if (pending === 0 && live === 0 && intake.timings.length >= edited.length) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await worker.stop();
    const spent = { points: client.costUsed() - clientBefore.cost, throttleWaitS: Number(((client.throttleState().waitedMs - clientBefore.waitedMs) / 1000).toFixed(1)) };

    const snapshots = new Map((await repository.listSnapshots()).map((s) => [s.id, s]));
    const received = new Map(intake.timings.filter((t) => t.recorded).map((t) => [t.eventId, t.receivedAt]));
    const latencies: number[] = [];
    for (const event of await db.webhookEvent.findMany({ where: { status: "done" } })) {
      const info = event.snapshotId ? snapshots.get(event.snapshotId) : undefined;
      const at = received.get(event.eventId);
      if (info && at) latencies.push((Date.parse(info.finishedAt) - at) / 1000);
    }
    const p95 = percentile(latencies, 0.95);
    const wallBeforeVerify = (Date.now() - started) / 1000;
    const waitShare = wait.seconds() / wallBeforeVerify;

    let mismatches: number | null = null;
    let missing: number | null = null;
    const head = [...snapshots.values()].at(-1)!;
    memory.phase("verify");
    if (values.verify) {
      // Every module, collections and inventory included: paged reads follow long nested lists to their end.
      const source = values["verify-source"] === "bulk" ? "bulk" : "paged";
      const report = await verifySnapshot(repository, head.id, RECORD_TYPE_MODULES, { client }, { source });
      mismatches = report.mismatched.length + report.extra.length;
      missing = report.missing.length;
      const byType = (list: { type: string }[]) => list.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.type]: (acc[r.type] ?? 0) + 1 }), {});
      if (mismatches + missing > 0) console.error(`[bench] verify: mismatched ${JSON.stringify(byType(report.mismatched))}, extra ${JSON.stringify(byType(report.extra))}, missing ${JSON.stringify(byType(report.missing))}; first: ${JSON.stringify([...report.mismatched, ...report.extra, ...report.missing].slice(0, 3))}`);
    }
    const out = {
      size: values.size,
      records: full.records,
      full_s: Number(fullSeconds.toFixed(2)),
      records_per_s: Math.round(full.records / fullSeconds),
      // The whole run (full snapshot, incrementals, verification), sampled every 50 ms.
      peak_rss_mb: memory.peak(),
      // The full snapshot alone: fetch + write, then the catalog update (read back from --keep DIR when it was skipped).
      full_peak_rss_mb: kept ? kept.full_peak_rss_mb : memory.peak("full"),
      full_fetch_peak_rss_mb: kept ? kept.full_fetch_peak_rss_mb : memory.peak("full:fetching"),
      full_from_kept_state: Boolean(kept),
      memory: memory.report(),
      edits: edited.length,
      // Webhook arrival rate: the p95 is only comparable between runs whose edits took about as long.
      edits_s: Number(editRun.seconds.toFixed(1)),
      edits_pace_s: Number(editRun.paceSeconds.toFixed(1)),
      webhooks: intake.timings.length,
      incremental_snapshots: snapshots.size - 1,
      incremental_p95_s: p95 === null ? null : Number(p95.toFixed(3)),
      incremental_calls: timings.report(),
      // The app's rate-limit spending in the incremental phase: points used, and time its requests waited for the bucket (summed over requests in flight).
      incremental_points: spent.points,
      incremental_throttle_wait_s: spent.throttleWaitS,
      intake_answer_p95_ms: percentile(intake.timings.filter((t) => t.recorded).map((t) => t.answeredAt - t.insertedAt), 0.95),
      mismatches,
      missing,
      verify_source: values.verify ? values["verify-source"] : null,
      sim_wait_share: Number(waitShare.toFixed(3)),
      sim_408_repeated: wait.repeated408(),
      wall_s: Number(((Date.now() - started) / 1000).toFixed(1)),
    };
    console.log(JSON.stringify(out));
  }
} finally {
  memory.stop();
  await queue.close();
  await intake.close();
  await db.$disconnect();
  sim.stop();
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}

/** The full snapshot, measured; with --keep its figures are written to DIR/full.json. */
async function fullSnapshot(deps: Pick<Parameters<typeof runFullSnapshot>[0], "shop" | "client" | "repository" | "catalog">): Promise<{ records: number; seconds: number }> {
  memory.phase("full");
  const fullStarted = Date.now();
  let fullPhase = "";
  let logged = 0;
  const progress = (phase: string, done: number, expected?: number) => {
    if (phase !== fullPhase) memory.phase(`full:${(fullPhase = phase)}`);
    // A large run takes an hour: say how far it got (stderr; stdout stays the JSON).
    if (Date.now() - logged < 60_000 && phase === "fetching") return;
    logged = Date.now();
    console.error(`[bench] ${new Date().toISOString()} ${phase} ${done}/${expected ?? "?"} roots, rss ${memory.now()} MB, full peak so far ${memory.peak("full")} MB`);
  };
  const result = await runFullSnapshot({ ...deps, progress, bulk: { pollIntervalMs: 100 } });
  const seconds = (Date.now() - fullStarted) / 1000;
  if (values.keep) {
    const record: KeptFull = {
      size: values.size!,
      seed: values.seed!,
      snapshotId: result.snapshot.id,
      records: result.records,
      full_s: Number(seconds.toFixed(2)),
      full_peak_rss_mb: memory.peak("full"),
      full_fetch_peak_rss_mb: memory.peak("full:fetching"),
      sim_port: Number(new URL(sim.url).port),
    };
    writeFileSync(fullFile, JSON.stringify(record));
  }
  return { records: result.records, seconds };
}

/** A kept state is reusable only as it was left after its full snapshot: same store, and nothing on top of it. */
async function checkKept(state: KeptFull, repository: Repository): Promise<void> {
  if (state.size !== values.size || state.seed !== values.seed) {
    throw new Error(`--keep ${dir} holds a full snapshot of --size ${state.size} --seed ${state.seed}, not --size ${values.size} --seed ${values.seed}`);
  }
  const ids = (await repository.listSnapshots()).map((s) => s.id);
  if (ids.length !== 1 || ids[0] !== state.snapshotId) {
    throw new Error(`--keep ${dir} no longer holds only its full snapshot (${ids.length} snapshots): put back a copy of the directory taken after --full-only`);
  }
  // Webhooks and jobs of an interrupted earlier incremental phase that never committed a snapshot.
  await db.job.deleteMany({});
  await db.webhookEvent.deleteMany({});
}
