/**
 * JobQueue on BullMQ + Redis, for N worker processes on many machines.
 * BullMQ provides storage, leases (job locks), stalled-job recovery, retries
 * with backoff and progress; per-shop serialisation and round-robin fairness
 * come from the shop turns in bullmq-shop-turns.ts. Cancel is a Redis flag
 * the owning worker polls, so it reaches a handler on any machine.
 */
import { randomUUID } from "node:crypto";
import { DelayedError, Job, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { createShopTurns } from "./bullmq-shop-turns";
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
  resolveTimings,
  runHandler,
  sleep,
  type ProgressState,
} from "./job-runtime";

export interface BullmqJobQueueOptions extends JobQueueTimings {
  redisUrl: string;
  /** Redis key prefix; one per deployment (or per test run). Default "snapshelf". */
  prefix?: string;
  /** How often a parked job re-checks its shop's turn, repairing a turn left by a dead process (default 60 s). */
  parkMs?: number;
  /** Least time between two progress writes of one job (default 500 ms). */
  progressIntervalMs?: number;
  /** How long ended jobs stay readable by id (default 7 days). */
  keepEndedMs?: number;
}

interface JobData {
  shop: string;
  kind: string;
  payload: JobPayload;
  runAfter: number;
}

type BullJob = Job<JobData>;

/** A stronger handle than the port, for tests and ops: also deletes every key it made. */
export interface BullmqJobQueue extends JobQueue {
  /** Closes, then deletes the queue's keys (tests, teardown of a prefix). */
  destroy(): Promise<void>;
}

const QUEUE = "jobs";

/** Thrown to BullMQ to ask for a retry after the delay our policy chose. */
class RetryLater extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

/** A JobQueue whose state lives in Redis. */
export function createBullmqJobQueue(options: BullmqJobQueueOptions): BullmqJobQueue {
  const timings = resolveTimings(options);
  const prefix = options.prefix ?? "snapshelf";
  const parkMs = options.parkMs ?? 60_000;
  const keepEndedMs = options.keepEndedMs ?? 7 * 86_400_000;
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue<JobData>(QUEUE, { connection: redis, prefix });
  const ns = `${prefix}:snapshelf:${QUEUE}`;
  const turns = createShopTurns(redis, ns);
  const cancelKey = (id: string) => `${ns}:cancel:${id}`;
  const startsKey = (id: string) => `${ns}:starts:${id}`;
  const historyKey = (shop: string) => `${ns}:history:${shop}`;
  const local = new Map<string, AbortController>();
  const workers = new Set<JobWorker>();

  const fetchJob = (id: string) => Job.fromId<JobData>(queue, id);

  async function promote(id: string | undefined): Promise<void> {
    if (!id) return;
    const job = await fetchJob(id);
    if (job && (await job.getState()) === "delayed") await job.promote().catch(() => undefined);
  }

  /** Hands the shop's turn on after a job ended (or was found ended). */
  async function ended(shop: string, id: string): Promise<void> {
    await promote(await turns.release(shop, id));
  }

  async function enqueue(input: EnqueueInput): Promise<string> {
    const id = randomUUID();
    const runAfter = input.runAfter?.getTime() ?? Date.now();
    const job = await queue.add(
      input.kind,
      { shop: input.shop, kind: input.kind, payload: input.payload, runAfter },
      {
        jobId: id,
        // Parked until its shop's turn (or its runAfter) comes.
        delay: Math.max(parkMs, runAfter - Date.now()),
        attempts: timings.maxAttempts,
        backoff: { type: "snapshelf" },
        removeOnComplete: { age: Math.ceil(keepEndedMs / 1000) },
        removeOnFail: { age: Math.ceil(keepEndedMs / 1000) },
        ...(input.dedupeKey ? { deduplication: { id: `${input.shop}\n${input.dedupeKey}` } } : {}),
      },
    );
    if (job.id !== id) return job.id!;
    await redis
      .multi()
      .zadd(historyKey(input.shop), Date.now(), id)
      .zremrangebyrank(historyKey(input.shop), 0, -1001)
      .exec();
    // A scheduled job joins its shop's line when it wakes at runAfter.
    if (runAfter <= Date.now()) await promote(await turns.admit(input.shop, id));
    return id;
  }

  async function get(id: string): Promise<JobInfo | undefined> {
    const job = await fetchJob(id);
    if (!job) return undefined;
    const [state, canceled, starts] = await Promise.all([
      job.getState(),
      redis.exists(cancelKey(id)),
      redis.get(startsKey(id)),
    ]);
    let status: JobStatus =
      state === "completed"
        ? "succeeded"
        : state === "failed"
          ? "failed"
          : state === "active"
            ? "running"
            : "queued";
    if (canceled && (status === "queued" || status === "failed")) status = "canceled";
    const progress = (
      typeof job.progress === "object" ? job.progress : {}
    ) as Partial<ProgressState>;
    const error =
      status === "canceled" ? "canceled" : status === "succeeded" ? null : job.failedReason || null;
    return {
      id,
      shop: job.data.shop,
      kind: job.data.kind,
      status,
      payload: job.data.payload,
      phase: progress.phase ?? null,
      progress: { done: progress.done ?? 0, expected: progress.expected ?? null },
      attempts: Number(starts ?? 0),
      error,
      createdAt: new Date(job.timestamp),
    };
  }

  async function list(query: { shop: string; limit?: number }): Promise<JobInfo[]> {
    const ids = await redis.zrevrange(
      historyKey(query.shop),
      0,
      (query.limit ?? DEFAULT_LIST_LIMIT) - 1,
    );
    const jobs = await Promise.all(ids.map(get));
    return jobs.filter((j): j is JobInfo => j !== undefined);
  }

  async function cancel(id: string): Promise<boolean> {
    const job = await fetchJob(id);
    if (!job) return false;
    const state = await job.getState();
    if (state === "completed" || state === "failed" || state === "unknown") return false;
    await redis.set(cancelKey(id), "1", "PX", keepEndedMs);
    // A canceled job must not swallow later enqueues with its key.
    await job.removeDeduplicationKey().catch(() => false);
    local.get(id)?.abort(new JobAbort("cancel"));
    // Wake a parked job so a worker records its end and frees its place in line.
    if (state === "delayed") await job.promote().catch(() => undefined);
    return true;
  }

  function startWorker(workerOptions: WorkerOptions): JobWorker {
    let stopping = false;
    const running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();

    async function park(job: BullJob, token: string | undefined, untilMs: number): Promise<never> {
      await job.moveToDelayed(untilMs, token);
      throw new DelayedError();
    }

    async function processJob(job: BullJob, token?: string): Promise<void> {
      const { shop } = job.data;
      if (await redis.exists(cancelKey(job.id!))) throw new UnrecoverableError("canceled");
      if (stopping) return park(job, token, Date.now());
      if (job.data.runAfter > Date.now()) return park(job, token, job.data.runAfter);
      let verdict = await turns.claim(shop, job.id!);
      if (verdict.kind === "busy") {
        const holder = await fetchJob(verdict.holder);
        const holderState = holder ? await holder.getState() : "unknown";
        if (holderState === "completed" || holderState === "failed" || holderState === "unknown") {
          // The holder ended but its process died before handing the turn on.
          await ended(shop, verdict.holder);
          verdict = await turns.claim(shop, job.id!);
        }
      }
      if (verdict.kind === "promote") await promote(verdict.id);
      if (verdict.kind !== "run") return park(job, token, Date.now() + parkMs);
      return runTurn(job, token);
    }

    async function runTurn(job: BullJob, token?: string): Promise<void> {
      const id = job.id!;
      const controller = new AbortController();
      local.set(id, controller);
      const attempts = await redis.incr(startsKey(id));
      await redis.pexpire(startsKey(id), keepEndedMs);
      const reporter = createProgressReporter(
        (p) => job.updateProgress({ ...p }),
        options.progressIntervalMs ?? 500,
      );
      const watch = setInterval(() => {
        void redis.exists(cancelKey(id)).then(
          (flag) => flag && controller.abort(new JobAbort("cancel")),
          () => undefined,
        );
      }, timings.pollMs);
      const info: JobInfo = {
        id,
        shop: job.data.shop,
        kind: job.data.kind,
        status: "running",
        payload: job.data.payload,
        phase: null,
        progress: { done: 0, expected: null },
        attempts,
        error: null,
        createdAt: new Date(job.timestamp),
      };
      const done = runHandler(
        workerOptions.handlers[job.data.kind],
        info,
        { signal: controller.signal, progress: reporter.report },
        timings,
      );
      running.set(id, { controller, done });
      try {
        const outcome = await done;
        await reporter.flush();
        switch (outcome.kind) {
          case "succeeded":
            return;
          case "canceled":
          case "failed":
            throw new UnrecoverableError(outcome.message);
          case "retry":
            throw new RetryLater(outcome.message, outcome.delayMs);
          case "released":
            // Stopping: back to the queue at once, keeping the shop's turn and the attempt.
            await redis.decr(startsKey(id));
            return park(job, token, Date.now());
        }
      } finally {
        clearInterval(watch);
        running.delete(id);
        if (local.get(id) === controller) local.delete(id);
      }
    }

    const worker = new Worker<JobData>(QUEUE, processJob, {
      connection: redis,
      prefix,
      concurrency: workerOptions.concurrency,
      lockDuration: timings.leaseMs,
      stalledInterval: timings.leaseMs,
      maxStalledCount: timings.maxAttempts,
      settings: {
        backoffStrategy: (_attempts, _type, error) =>
          error instanceof RetryLater ? error.delayMs : timings.backoffMs,
      },
    });
    const onEnd = async (job: BullJob | undefined) => {
      if (!job?.id) return;
      const state = await job.getState();
      if (state === "completed" || state === "failed") await ended(job.data.shop, job.id);
    };
    worker.on("completed", (job) => void onEnd(job).catch(() => undefined));
    worker.on("failed", (job) => void onEnd(job).catch(() => undefined));
    // Redis hiccups surface here; BullMQ reconnects on its own.
    worker.on("error", () => undefined);

    const handle: JobWorker = {
      stop: async () => {
        workers.delete(handle);
        stopping = true;
        const jobs = [...running.values()];
        for (const job of jobs) job.controller.abort(new JobAbort("stop"));
        const grace = workerOptions.shutdownGraceMs ?? 5_000;
        await Promise.race([Promise.allSettled(jobs.map((j) => j.done)), sleep(grace)]);
        // Past the grace a hung handler is left behind: its lock expires and
        // BullMQ's stalled check hands the job to another worker.
        await worker.close(running.size > 0);
      },
    };
    workers.add(handle);
    return handle;
  }

  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    closing ??= (async () => {
      await Promise.all([...workers].map((w) => w.stop()));
      await queue.close();
      await redis.quit().catch(() => undefined);
    })();
    return closing;
  }

  async function destroy(): Promise<void> {
    await close();
    const cleaner = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    try {
      let cursor = "0";
      do {
        const [next, keys] = await cleaner.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
        if (keys.length) await cleaner.unlink(...keys);
        cursor = next;
      } while (cursor !== "0");
    } finally {
      await cleaner.quit();
    }
  }

  return { enqueue, get, list, cancel, startWorker, close, destroy };
}
