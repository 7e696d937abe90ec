/**
 * The "incremental" job: takes the shop's pending change events in batches,
 * one lane of topics beside the other (see `Lane`), re-fetches the current
 * records by GID, writes ONE incremental snapshot per batch over the newest
 * snapshot, catalogues it and marks the events done. The batch id is
 * written on the events before the snapshot and into the snapshot's tags, so
 * a run that crashed after committing is finished (not repeated) by the
 * next: no duplicate versions, no lost change.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "~/db.server";
import { inChunks } from "~/db/in-chunks";
import type { JobHandler } from "~/jobs/job-queue";
import type { Repository, SnapshotSummary } from "~/repo";
import type { DataType } from "~/services/settings";
import type { AdminClient } from "~/shopify/admin-client";
import { abortableSleep } from "~/shopify/retry-policy";
import type { SnapshotSink } from "../full-snapshot";
import { modulesFor, type RecordTypeModule } from "../types";
import { collectChanges, type ChangeWork } from "./changes";
import { parentView } from "./parent";
import { laneTopicPrefixes, topicTarget, type Lane } from "./topics";

export interface IncrementalDeps {
  db: Db;
  openRepository(shop: string): Promise<Repository>;
  clientFor(shop: string): Promise<AdminClient>;
  dataTypes(shop: string): Promise<readonly DataType[]>;
  /** Runs a full snapshot (the shop has none yet, so there is nothing to build on). */
  runFull(shop: string, signal: AbortSignal): Promise<void>;
  /** Catalogues committed snapshots (the parent too: tombstones of children are looked up there). */
  catalog: SnapshotSink;
  download?: typeof fetch;
  /** Events per snapshot (bounds memory); later events go to the next round (default 2000). */
  maxEventsPerBatch?: number;
  /** Test hook: runs after the snapshot is committed, before its events are marked done. */
  afterWrite?(info: SnapshotSummary): Promise<void>;
}

export interface IncrementalResult {
  batches: number;
  events: number;
  snapshots: SnapshotSummary[];
  /** True when the shop had no full snapshot and one was taken first. */
  ranFull: boolean;
}

interface RunOptions {
  signal: AbortSignal;
  progress?: (phase: string, done: number, expected?: number) => Promise<void> | void;
}

/** Processes every pending change event of `shop`; safe to run again at any point. */
export async function runIncremental(deps: IncrementalDeps, shop: string, options: RunOptions): Promise<IncrementalResult> {
  const result: IncrementalResult = { batches: 0, events: 0, snapshots: [], ranFull: false };
  const repository = await deps.openRepository(shop);
  if (!(await repository.listSnapshots()).some((s) => s.kind === "full")) {
    await deps.runFull(shop, options.signal);
    result.ranFull = true;
  }
  const modules = new Map<string, RecordTypeModule>(modulesFor(await deps.dataTypes(shop)).map((m) => [m.name, m]));
  const client = await deps.clientFor(shop);
  // The lanes fetch side by side; commits (and the catalog, which follows them in order) take turns.
  const commits = createTurns();
  const busy = new Set<Lane>();
  let failed = false;
  const runLane = async (lane: Lane) => {
    busy.add(lane);
    try {
      await workLane(lane);
    } catch (error) {
      // The other lane stops at its next batch: the job fails as a whole and is retried.
      failed = true;
      throw error;
    } finally {
      busy.delete(lane);
    }
  };
  const workLane = async (lane: Lane) => {
    for (let round = 0; round < 50 && !failed; ) {
      options.signal.throwIfAborted();
      const batch = await claimBatch(deps.db, shop, deps.maxEventsPerBatch ?? 2000, lane);
      if (!batch) {
        // The next job starts only when this one ends: while the other lane still works, its
        // events would wait for it. Look again shortly instead.
        busy.delete(lane);
        if (busy.size === 0) break;
        await abortableSleep(IDLE_LANE_POLL_MS, options.signal);
        busy.add(lane);
        continue;
      }
      round += 1;
      result.batches += 1;
      result.events += batch.events.length;
      await options.progress?.("incremental", 0, batch.events.length);
      const parent = await commits.take(async () => {
        const snapshots = await repository.listSnapshots();
        // Children of a deleted root are found in the catalog: it must describe the parent.
        const newest = snapshots.at(-1) as SnapshotSummary;
        await deps.catalog.snapshotCommitted(repository, newest);
        return { snapshots, newest };
      });
      let info = batchSnapshot(parent.snapshots, batch);
      if (!info) {
        const work: ChangeWork = new Map();
        for (const event of batch.events) {
          const target = topicTarget(event.topic);
          if (!target || !event.gid || !modules.has(target.module)) continue;
          const set = work.get(target.module) ?? new Set<string>();
          set.add(event.gid);
          work.set(target.module, set);
        }
        const view = parentView(deps.db, repository, parent.newest.id);
        const records = await collectChanges({ fetch: { client, signal: options.signal, download: deps.download }, parent: view, modules }, work);
        options.signal.throwIfAborted();
        if (records.size > 0) {
          info = await commits.take(async () => {
            // The other lane may have committed meanwhile: this batch goes over the newest
            // snapshot. Its records are of types the other lane does not write (orders apart,
            // and those are re-read from the store by either), so they apply to it unchanged.
            const snapshots = await repository.listSnapshots();
            const done = batchSnapshot(snapshots, batch);
            if (done) return done;
            const written = await repository.writeChanges({
              parent: (snapshots.at(-1) as SnapshotSummary).id,
              records: [...records.values()],
              tags: { trigger: "webhook", batch: batch.id, lane, events: String(batch.events.length) },
            });
            // A duplicate or late webhook re-fetches an unchanged record: no empty snapshot then.
            if (!written) return undefined;
            await deps.afterWrite?.(written);
            await deps.catalog.snapshotCommitted(repository, written);
            result.snapshots.push(written);
            return written;
          });
        }
      } else {
        const found = info;
        await commits.take(() => deps.catalog.snapshotCommitted(repository, found));
        result.snapshots.push(found);
      }
      await deps.db.webhookEvent.updateMany({
        where: { shop, batchId: batch.id, status: "pending", OR: laneWhere(lane) },
        data: { status: "done", snapshotId: info?.id ?? null, processedAt: new Date() },
      });
      await options.progress?.("incremental", batch.events.length, batch.events.length);
    }
  };
  const lanes = [runLane("catalog"), runLane("other")];
  // Both lanes settle before a failure is reported, so nothing runs on after the job ends.
  const outcomes = await Promise.allSettled(lanes);
  for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
  return result;
}

/** How often a lane without events looks again while the other lane works (the intake's coalescing window). */
const IDLE_LANE_POLL_MS = 250;

/**
 * The snapshot a batch was committed as, if it was: tagged with its id and
 * lane (a batch claimed before lanes existed has no lane tag and covers both).
 */
function batchSnapshot(snapshots: SnapshotSummary[], batch: Batch): SnapshotSummary | undefined {
  return snapshots.find((s) => s.tags.batch === batch.id && (s.tags.lane === undefined || s.tags.lane === batch.lane));
}

/** Runs one piece of work at a time, in the order they were handed in. */
function createTurns(): { take<T>(work: () => Promise<T>): Promise<T> } {
  let last: Promise<unknown> = Promise.resolve();
  return {
    take<T>(work: () => Promise<T>): Promise<T> {
      const turn = last.then(work, work);
      last = turn.catch(() => undefined);
      return turn;
    },
  };
}

/** Prisma filter for the events of one lane. */
function laneWhere(lane: Lane) {
  return laneTopicPrefixes(lane).map((prefix) => ({ topic: { startsWith: prefix } }));
}

interface Batch {
  id: string;
  lane: Lane;
  events: { id: string; topic: string; gid: string | null }[];
}

/**
 * The batch of `lane` a crashed run left (same id, so its snapshot is
 * recognised), else a new one of the lane's oldest pending events. Tagged in
 * chunks: a crash between chunks leaves a smaller batch, which the next run
 * finds and finishes. A batch left from before lanes may hold both lanes'
 * events: each lane takes its own part of it.
 */
export async function claimBatch(db: Db, shop: string, limit: number, lane: Lane): Promise<Batch | undefined> {
  const inLane = laneWhere(lane);
  const left = await db.webhookEvent.findFirst({ where: { shop, status: "pending", batchId: { not: null }, OR: inLane }, select: { batchId: true } });
  let id = left?.batchId ?? null;
  if (!id) {
    id = randomUUID();
    const oldest = await db.webhookEvent.findMany({
      where: { shop, status: "pending", batchId: null, OR: inLane },
      orderBy: { receivedAt: "asc" },
      take: limit,
      select: { id: true },
    });
    if (oldest.length === 0) return undefined;
    // A burst of ~3,000 webhooks after a large full snapshot is over SQLite's bound-value limit in one statement.
    for (const ids of inChunks(oldest.map((e) => e.id))) {
      await db.webhookEvent.updateMany({ where: { id: { in: ids }, batchId: null }, data: { batchId: id } });
    }
  }
  const events = await db.webhookEvent.findMany({ where: { shop, status: "pending", batchId: id, OR: inLane }, select: { id: true, topic: true, gid: true } });
  return events.length > 0 ? { id, lane, events } : undefined;
}

/** The job handler: every pending event of the job's shop, progress reported to the job. */
export function createIncrementalHandler(deps: IncrementalDeps): JobHandler {
  return async (job, ctx) => {
    await runIncremental(deps, job.shop, { signal: ctx.signal, progress: (phase, done, expected) => ctx.progress(phase, done, expected) });
  };
}
