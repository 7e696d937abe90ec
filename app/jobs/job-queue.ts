/**
 * The JobQueue port: every long task (full snapshot, incremental batch,
 * restore, verify, prune) runs as a job. Two implementations pass one
 * conformance battery (job-queue.conformance.ts): an in-process worker over
 * the database (one machine) and BullMQ on Redis (many machines).
 *
 * Guarantees both give:
 * - per-shop serialisation: a job holds its shop's single run slot from its
 *   first start until it ends (retry backoff included), so a shop's jobs run
 *   one at a time and in enqueue order;
 * - fair scheduling: free slots go round-robin across shops, so one shop's
 *   backlog never starves another shop's job;
 * - RetryableError → retried with exponential backoff up to maxAttempts; any
 *   other error fails the job at once with its message;
 * - leases: a worker that dies loses its lease and another worker re-runs the
 *   same job (handlers must be idempotent); a handler that outlives its lease
 *   cannot write the job's outcome any more.
 */

/** A JSON value, as stored in a job's payload. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The input a handler needs; JSON only, since it crosses processes. */
export type JobPayload = { [key: string]: JsonValue };

export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "canceled";

/** What the UI and handlers can read about a job. */
export interface JobInfo {
  id: string;
  shop: string;
  kind: string;
  status: JobStatus;
  payload: JobPayload;
  phase: string | null;
  progress: { done: number; expected: number | null };
  /** Handler runs started so far, including the current one. */
  attempts: number;
  /** The last failure's message (kept while a retry waits, cleared on success). */
  error: string | null;
  createdAt: Date;
}

export interface EnqueueInput {
  shop: string;
  kind: string;
  payload: JobPayload;
  /** Not before this time (schedules, debounce). */
  runAfter?: Date;
  /**
   * While a job with the same shop and key is queued or running, enqueue
   * returns its id instead of adding another (webhook bursts).
   */
  dedupeKey?: string;
}

/** Passed to a handler with its job. */
export interface JobContext {
  /** Aborted when the job is canceled, the lease is lost or the worker stops. */
  signal: AbortSignal;
  /**
   * Records progress for the UI. Cheap to call per record: writes are
   * coalesced; the returned promise never rejects.
   */
  progress(phase: string, done: number, expected?: number): Promise<void>;
}

export type JobHandler = (job: JobInfo, ctx: JobContext) => Promise<void>;

export interface WorkerOptions {
  /** Jobs run at once by this worker (each from a different shop). */
  concurrency: number;
  handlers: Record<string, JobHandler>;
  /**
   * How long stop() waits for aborted handlers to settle before it returns
   * and leaves their leases to expire (default 5 s).
   */
  shutdownGraceMs?: number;
}

export interface JobWorker {
  /**
   * Stops taking jobs, aborts running handlers and waits up to the grace
   * period; a job whose handler settled after the abort goes back to the queue.
   */
  stop(): Promise<void>;
}

export interface JobQueue {
  /** Adds a job (or returns the live job with the same dedupeKey); resolves to its id. */
  enqueue(input: EnqueueInput): Promise<string>;
  /** The job's current state, or undefined when unknown. */
  get(id: string): Promise<JobInfo | undefined>;
  /** A shop's most recent jobs, newest first. */
  list(query: { shop: string; limit?: number }): Promise<JobInfo[]>;
  /** Cancels a queued or running job; false when it had already ended or is unknown. */
  cancel(id: string): Promise<boolean>;
  /** Starts a worker in this process. */
  startWorker(options: WorkerOptions): JobWorker;
  /** Stops this process's workers and releases connections it opened. */
  close(): Promise<void>;
}

/** Tunables shared by both implementations; defaults suit production. */
export interface JobQueueTimings {
  /** Handler runs per job before it fails for good (default 5). */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt (default 5 s). */
  backoffMs?: number;
  /** Longest retry delay (default 10 min). */
  maxBackoffMs?: number;
  /** A running job's lease; renewed every third of it (default 30 s). */
  leaseMs?: number;
  /** How often an idle worker looks for work (default 1 s). */
  pollMs?: number;
}

export const DEFAULT_TIMINGS: Required<JobQueueTimings> = {
  maxAttempts: 5,
  backoffMs: 5_000,
  maxBackoffMs: 600_000,
  leaseMs: 30_000,
  pollMs: 1_000,
};

export const DEFAULT_LIST_LIMIT = 50;
