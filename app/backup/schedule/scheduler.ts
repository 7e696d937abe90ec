/**
 * The scheduler tick: for every installed shop, enqueues what is due as jobs
 * (full snapshot by the shop's frequency, a weekly reconciling full snapshot,
 * content polling, daily retention, a weekly restore drill once a snapshot
 * exists) and sweeps up change events no job took.
 * A ScheduleMark row per shop, kind and period makes each tick idempotent, so
 * it may run every minute, twice, or on several machines at once.
 */
import type { Db } from "~/db.server";
import { isUniqueViolation } from "~/jobs/db-job-claim";
import type { JobPayload, JobQueue } from "~/jobs/job-queue";
import { DRILL_JOB } from "~/restore/drill/types";
import type { BackupSettings } from "~/services/settings";
import { FULL_SNAPSHOT_JOB } from "../full-snapshot-job";
import { enqueueIncremental } from "../incremental/intake";
import { POLL_CONTENT_JOB, RETENTION_JOB } from "../incremental/job-kinds";
import { minuteKey, periodKey } from "./periods";

export interface SchedulerDeps {
  db: Db;
  queue: JobQueue;
  /** Shops to schedule (installed ones). */
  shops(): Promise<string[]>;
  settings(shop: string): Promise<BackupSettings>;
  now?: () => Date;
  /** Content poll period in minutes (default 60). */
  pollMinutes?: number;
  /** Pending events older than this get a job (default 60 s). */
  staleEventMs?: number;
}

interface DueItem {
  kind: string;
  mark: string;
  period: string;
  payload: JobPayload;
  dedupeKey: string;
  /** Checked only when not yet marked for the period; false leaves it for a later tick. */
  ready?: () => Promise<boolean>;
}

export interface Scheduled {
  shop: string;
  kind: string;
  period: string;
  jobId: string;
}

/** One tick; returns what it enqueued (nothing when everything due was already enqueued). */
export async function schedulerTick(deps: SchedulerDeps): Promise<Scheduled[]> {
  const now = deps.now?.() ?? new Date();
  const out: Scheduled[] = [];
  for (const shop of await deps.shops()) {
    try {
      const settings = await deps.settings(shop);
      const due: DueItem[] = [
        { kind: FULL_SNAPSHOT_JOB, mark: "scheduled-full", period: periodKey(settings.frequency, now), payload: { trigger: "schedule" }, dedupeKey: FULL_SNAPSHOT_JOB },
        { kind: POLL_CONTENT_JOB, mark: POLL_CONTENT_JOB, period: minuteKey(deps.pollMinutes ?? 60, now), payload: {}, dedupeKey: POLL_CONTENT_JOB },
        { kind: RETENTION_JOB, mark: RETENTION_JOB, period: periodKey("daily", now), payload: {}, dedupeKey: RETENTION_JOB },
        // A drill needs a catalogued snapshot to sample; until the first one exists the week stays unmarked.
        { kind: DRILL_JOB, mark: DRILL_JOB, period: periodKey("weekly", now), payload: { trigger: "schedule" }, dedupeKey: DRILL_JOB, ready: () => hasSnapshot(deps.db, shop) },
      ];
      // A weekly schedule is its own reconcile; otherwise one full snapshot a week marked as such.
      if (settings.frequency !== "weekly") {
        due.push({ kind: FULL_SNAPSHOT_JOB, mark: "reconcile", period: periodKey("weekly", now), payload: { trigger: "reconcile" }, dedupeKey: FULL_SNAPSHOT_JOB });
      }
      for (const item of due) {
        const jobId = await enqueueOnce(deps, shop, item);
        if (jobId) out.push({ shop, kind: item.mark, period: item.period, jobId });
      }
      const stale = await deps.db.webhookEvent.findFirst({
        where: { shop, status: "pending", receivedAt: { lt: new Date(now.getTime() - (deps.staleEventMs ?? 60_000)) } },
        select: { id: true },
      });
      if (stale) out.push({ shop, kind: "incremental-sweep", period: now.toISOString(), jobId: await enqueueIncremental(deps.queue, shop) });
    } catch (error) {
      // One shop's failure (bad settings row, DB hiccup) must not stop the others' schedules.
      console.error(`[scheduler] ${shop}:`, error instanceof Error ? error.message : error);
    }
  }
  return out;
}

async function hasSnapshot(db: Db, shop: string): Promise<boolean> {
  return (await db.snapshotCatalog.findFirst({ where: { shop, cataloguedAt: { not: null } }, select: { id: true } })) !== null;
}

async function enqueueOnce(deps: SchedulerDeps, shop: string, item: DueItem): Promise<string | undefined> {
  const where = { shop_kind_period: { shop, kind: item.mark, period: item.period } };
  if (await deps.db.scheduleMark.findUnique({ where })) return undefined;
  if (item.ready && !(await item.ready())) return undefined;
  // Enqueue first: a crash before the mark re-enqueues next tick (the dedupe key joins a still-queued job).
  const jobId = await deps.queue.enqueue({ shop, kind: item.kind, payload: { ...item.payload, period: item.period }, dedupeKey: item.dedupeKey });
  try {
    await deps.db.scheduleMark.create({ data: { shop, kind: item.mark, period: item.period, jobId } });
  } catch (error) {
    // Another tick (or machine) marked it first; its job and ours are the same or both harmless.
    if (!isUniqueViolation(error)) throw error;
    return undefined;
  }
  return jobId;
}

/** Runs the tick every `intervalMs` (default 60 s) until stopped; ticks never overlap. */
export function startScheduler(deps: SchedulerDeps, intervalMs = 60_000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    running = schedulerTick(deps).catch((error: unknown) => console.error("[scheduler] tick failed:", error));
  };
  const timer = setInterval(() => void running.then(tick), intervalMs);
  timer.unref();
  tick();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
