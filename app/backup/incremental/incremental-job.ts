/**
 * The "incremental" job: takes the shop's pending change events as one
 * batch, re-fetches the current records by GID, writes ONE incremental
 * snapshot over the newest snapshot, catalogues it and marks the events
 * done. The batch id is written on the events before the snapshot and into
 * the snapshot's tags, so a run that crashed after committing is finished
 * (not repeated) by the next: no duplicate versions, no lost change.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "~/db.server";
import { inChunks } from "~/db/in-chunks";
import type { JobHandler } from "~/jobs/job-queue";
import type { Repository, SnapshotSummary } from "~/repo";
import type { DataType } from "~/services/settings";
import type { AdminClient } from "~/shopify/admin-client";
import type { SnapshotSink } from "../full-snapshot";
import { modulesFor, type RecordTypeModule } from "../types";
import { collectChanges, type ChangeWork } from "./changes";
import { parentView } from "./parent";
import { topicTarget } from "./topics";

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
  for (let round = 0; round < 50; round++) {
    options.signal.throwIfAborted();
    const batch = await claimBatch(deps.db, shop, deps.maxEventsPerBatch ?? 2000);
    if (!batch) break;
    result.batches += 1;
    result.events += batch.events.length;
    await options.progress?.("incremental", 0, batch.events.length);
    const snapshots = await repository.listSnapshots();
    let info = snapshots.find((s) => s.tags.batch === batch.id);
    if (!info) {
      const parent = snapshots.at(-1) as SnapshotSummary;
      // Children of a deleted root are found in the catalog: it must describe the parent.
      await deps.catalog.snapshotCommitted(repository, parent);
      const work: ChangeWork = new Map();
      for (const event of batch.events) {
        const target = topicTarget(event.topic);
        if (!target || !event.gid || !modules.has(target.module)) continue;
        const set = work.get(target.module) ?? new Set<string>();
        set.add(event.gid);
        work.set(target.module, set);
      }
      const view = parentView(deps.db, repository, parent.id);
      const records = await collectChanges({ fetch: { client, signal: options.signal, download: deps.download }, parent: view, modules }, work);
      options.signal.throwIfAborted();
      if (records.size > 0) {
        // A duplicate or late webhook re-fetches an unchanged record: no empty snapshot then.
        info =
          (await repository.writeChanges({
            parent: parent.id,
            records: [...records.values()],
            tags: { trigger: "webhook", batch: batch.id, events: String(batch.events.length) },
          })) ?? undefined;
        if (info) await deps.afterWrite?.(info);
      }
    }
    if (info) {
      await deps.catalog.snapshotCommitted(repository, info);
      result.snapshots.push(info);
    }
    await deps.db.webhookEvent.updateMany({
      where: { shop, batchId: batch.id, status: "pending" },
      data: { status: "done", snapshotId: info?.id ?? null, processedAt: new Date() },
    });
    await options.progress?.("incremental", batch.events.length, batch.events.length);
  }
  return result;
}

interface Batch {
  id: string;
  events: { id: string; topic: string; gid: string | null }[];
}

/**
 * The batch a crashed run left (same id, so its snapshot is recognised), else
 * a new one of the oldest pending events. Tagged in chunks: a crash between
 * chunks leaves a smaller batch, which the next run finds and finishes.
 */
export async function claimBatch(db: Db, shop: string, limit: number): Promise<Batch | undefined> {
  const left = await db.webhookEvent.findFirst({ where: { shop, status: "pending", batchId: { not: null } }, select: { batchId: true } });
  let id = left?.batchId ?? null;
  if (!id) {
    id = randomUUID();
    const oldest = await db.webhookEvent.findMany({
      where: { shop, status: "pending", batchId: null },
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
  const events = await db.webhookEvent.findMany({ where: { shop, status: "pending", batchId: id }, select: { id: true, topic: true, gid: true } });
  return events.length > 0 ? { id, events } : undefined;
}

/** The job handler: every pending event of the job's shop, progress reported to the job. */
export function createIncrementalHandler(deps: IncrementalDeps): JobHandler {
  return async (job, ctx) => {
    await runIncremental(deps, job.shop, { signal: ctx.signal, progress: (phase, done, expected) => ctx.progress(phase, done, expected) });
  };
}
