/**
 * JobQueue over the Prisma `Job` table (SQLite or PostgreSQL): a polling
 * worker inside the app process, for one machine. Several processes may run
 * workers on one database: claims and leases are conditional updates (see
 * db-job-claim.ts), and every write of an outcome is fenced on `lockedBy`,
 * so a worker that lost its lease cannot overwrite the new owner's state.
 */
import { hostname } from "node:os";
import type { Db } from "~/db.server";
import { RetryableError } from "~/errors";
import {
  claimNextJob,
  ended,
  isUniqueViolation,
  type JobRow,
  type ShopCursor,
} from "./db-job-claim";
import {
  DEFAULT_LIST_LIMIT,
  type EnqueueInput,
  type JobInfo,
  type JobPayload,
  type JobQueue,
  type JobQueueTimings,
  type JobStatus,
  type JobWorker,
  type WorkerOptions,
} from "./job-queue";
import {
  createProgressReporter,
  JobAbort,
  newWorkerId,
  resolveTimings,
  runHandler,
  sleep,
  type Outcome,
} from "./job-runtime";

export interface DbJobQueueOptions extends JobQueueTimings {
  db: Db;
  /** Least time between two progress writes of one job (default 500 ms). */
  progressIntervalMs?: number;
}

/** A JobQueue whose state lives in the app's database. */
export function createDbJobQueue(options: DbJobQueueOptions): JobQueue {
  const { db } = options;
  const timings = resolveTimings(options);
  const progressIntervalMs = options.progressIntervalMs ?? 500;
  // Handlers running in this process, so cancel() can abort them at once
  // instead of at the owner's next lease renewal.
  const local = new Map<string, AbortController>();
  const workers = new Set<{ stop(): Promise<void>; wake(): void }>();
  // Jobs of a shop run oldest first; strictly increasing stamps keep this
  // process's enqueue order even within one millisecond.
  let lastStamp = 0;

  async function enqueue(input: EnqueueInput): Promise<string> {
    const dedupeKey = input.dedupeKey ?? null;
    // A live job with the key may end between our lookup and our insert; a
    // few rounds settle it either way.
    for (let round = 0; round < 5; round++) {
      if (dedupeKey) {
        const live = await db.job.findUnique({
          where: { shop_dedupeKey: { shop: input.shop, dedupeKey } },
          select: { id: true },
        });
        if (live) return live.id;
      }
      try {
        const row = await db.job.create({
          data: {
            shop: input.shop,
            kind: input.kind,
            payload: input.payload,
            runAfter: input.runAfter ?? new Date(),
            createdAt: new Date((lastStamp = Math.max(Date.now(), lastStamp + 1))),
            dedupeKey,
          },
          select: { id: true },
        });
        for (const worker of workers) worker.wake();
        return row.id;
      } catch (error) {
        if (!(dedupeKey && isUniqueViolation(error))) throw error;
      }
    }
    throw new RetryableError("could not enqueue: dedupe key kept changing hands", {
      shop: input.shop,
      dedupeKey,
    });
  }

  async function get(id: string): Promise<JobInfo | undefined> {
    const row = await db.job.findUnique({ where: { id } });
    return row ? toInfo(row) : undefined;
  }

  async function list(query: { shop: string; limit?: number }): Promise<JobInfo[]> {
    const rows = await db.job.findMany({
      where: { shop: query.shop },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: query.limit ?? DEFAULT_LIST_LIMIT,
    });
    return rows.map(toInfo);
  }

  async function cancel(id: string): Promise<boolean> {
    const queued = await db.job.updateMany({
      where: { id, status: "queued" },
      data: { status: "canceled", error: "canceled", ...ended },
    });
    if (queued.count === 1) return true;
    const running = await db.job.updateMany({
      where: { id, status: "running" },
      data: { cancelRequested: true },
    });
    if (running.count === 0) return false;
    local.get(id)?.abort(new JobAbort("cancel"));
    return true;
  }

  function startWorker(workerOptions: WorkerOptions): JobWorker {
    const worker = startDbWorker({ db, timings, progressIntervalMs, local }, workerOptions);
    workers.add(worker);
    return {
      stop: async () => {
        workers.delete(worker);
        await worker.stop();
      },
    };
  }

  async function close(): Promise<void> {
    const all = [...workers];
    workers.clear();
    await Promise.all(all.map((w) => w.stop()));
  }

  return { enqueue, get, list, cancel, startWorker, close };
}

interface WorkerDeps {
  db: Db;
  timings: Required<JobQueueTimings>;
  progressIntervalMs: number;
  local: Map<string, AbortController>;
}

function startDbWorker(deps: WorkerDeps, options: WorkerOptions) {
  const { db, timings } = deps;
  const workerId = newWorkerId(hostname());
  const cursor: ShopCursor = { after: "" };
  const running = new Map<
    string,
    { controller: AbortController; done: Promise<void>; renew: NodeJS.Timeout }
  >();
  let stopping = false;
  let nap = new AbortController();
  const wake = () => nap.abort();

  async function loop(): Promise<void> {
    while (!stopping) {
      let claimed: JobRow | undefined;
      if (running.size < options.concurrency) {
        try {
          claimed = await claimNextJob(
            { db, workerId, leaseMs: timings.leaseMs, maxAttempts: timings.maxAttempts },
            cursor,
          );
        } catch {
          // Database briefly unavailable: try again after a poll interval.
          claimed = undefined;
        }
      }
      if (claimed && !stopping) {
        run(claimed);
        continue;
      }
      if (claimed)
        await finish(claimed.id, { kind: "released", why: "stop" }).catch(() => undefined);
      nap = new AbortController();
      await sleep(timings.pollMs, nap.signal);
    }
  }

  function run(row: JobRow): void {
    const controller = new AbortController();
    if (row.cancelRequested) controller.abort(new JobAbort("cancel"));
    const reporter = createProgressReporter(async (p) => {
      await db.job.updateMany({
        where: { id: row.id, lockedBy: workerId },
        data: { phase: p.phase, progressDone: p.done, progressTotal: p.expected },
      });
    }, deps.progressIntervalMs);
    const renew = setInterval(
      () => void renewLease(row.id, controller),
      Math.max(50, timings.leaseMs / 3),
    );
    deps.local.set(row.id, controller);
    const done = (async () => {
      const outcome: Outcome = controller.signal.aborted
        ? { kind: "canceled", message: "canceled" }
        : await runHandler(
            options.handlers[row.kind],
            toInfo(row),
            { signal: controller.signal, progress: reporter.report },
            timings,
          );
      clearInterval(renew);
      await reporter.flush();
      await finish(row.id, outcome).catch(() => undefined);
    })().finally(() => {
      running.delete(row.id);
      if (deps.local.get(row.id) === controller) deps.local.delete(row.id);
      wake();
    });
    running.set(row.id, { controller, done, renew });
  }

  async function renewLease(id: string, controller: AbortController): Promise<void> {
    const lockedUntil = new Date(Date.now() + timings.leaseMs);
    try {
      const quiet = await db.job.updateMany({
        where: { id, lockedBy: workerId, status: "running", cancelRequested: false },
        data: { lockedUntil },
      });
      if (quiet.count === 1) return;
      // Keep the lease while the canceled handler unwinds.
      const held = await db.job.updateMany({
        where: { id, lockedBy: workerId, status: "running" },
        data: { lockedUntil },
      });
      controller.abort(new JobAbort(held.count === 1 ? "cancel" : "lease"));
    } catch {
      // A missed renewal is harmless while the lease has time left; the next tick retries.
    }
  }

  async function finish(id: string, outcome: Outcome): Promise<void> {
    const mine = { id, lockedBy: workerId, status: "running" };
    const unlock = { lockedBy: null, lockedUntil: null };
    switch (outcome.kind) {
      case "succeeded":
        await db.job.updateMany({
          where: mine,
          data: { status: "succeeded", error: null, ...ended },
        });
        return;
      case "canceled":
        await db.job.updateMany({
          where: mine,
          data: { status: "canceled", error: outcome.message, ...ended },
        });
        return;
      case "failed":
        await db.job.updateMany({
          where: mine,
          data: { status: "failed", error: outcome.message, ...ended },
        });
        return;
      case "retry":
        // The job keeps its shop's slot through the backoff (order within a shop).
        await db.job.updateMany({
          where: mine,
          data: {
            status: "queued",
            error: outcome.message,
            runAfter: new Date(Date.now() + outcome.delayMs),
            ...unlock,
          },
        });
        return;
      case "released":
        if (outcome.why === "lease") return;
        // Stopping is not the job's fault: give the attempt back.
        await db.job.updateMany({
          where: mine,
          data: { status: "queued", runAfter: new Date(), attempts: { decrement: 1 }, ...unlock },
        });
    }
  }

  const looping = loop();

  async function stop(): Promise<void> {
    stopping = true;
    wake();
    await looping;
    const jobs = [...running.values()];
    for (const job of jobs) job.controller.abort(new JobAbort("stop"));
    const grace = options.shutdownGraceMs ?? 5_000;
    await Promise.race([Promise.allSettled(jobs.map((j) => j.done)), sleep(grace)]);
    // Handlers still running past the grace keep their rows; with no renewals
    // their leases expire and another worker resumes them.
    for (const job of running.values()) clearInterval(job.renew);
  }

  return { stop, wake };
}

/** Maps a row to what callers see. */
export function toInfo(row: JobRow): JobInfo {
  return {
    id: row.id,
    shop: row.shop,
    kind: row.kind,
    status: row.status as JobStatus,
    payload: row.payload as JobPayload,
    phase: row.phase,
    progress: { done: row.progressDone, expected: row.progressTotal },
    attempts: row.attempts,
    error: row.error,
    createdAt: row.createdAt,
  };
}
