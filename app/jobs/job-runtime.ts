/**
 * What both queue implementations share around a handler run: why its signal
 * was aborted, how its settlement maps to an outcome, retry delays, and
 * coalesced progress writes.
 */
import { RetryableError } from "~/errors";
import { DEFAULT_TIMINGS, type JobHandler, type JobInfo, type JobQueueTimings } from "./job-queue";

/** Why a running handler's signal was aborted; decides what its settlement means. */
export type AbortWhy = "cancel" | "stop" | "lease";

/** The abort reason object handed to `signal.reason`. */
export class JobAbort extends Error {
  constructor(readonly why: AbortWhy) {
    super(
      why === "cancel"
        ? "job canceled"
        : why === "stop"
          ? "worker stopping"
          : "job lease lost to another worker",
    );
    this.name = "JobAbort";
  }
}

export type Outcome =
  | { kind: "succeeded" }
  | { kind: "canceled"; message: string }
  /** Not this run's to decide: the worker is stopping or another worker owns the job now. */
  | { kind: "released"; why: "stop" | "lease" }
  | { kind: "retry"; delayMs: number; message: string }
  | { kind: "failed"; message: string };

/** Runs one handler and classifies how it ended. `attempts` counts this run. */
export async function runHandler(
  handler: JobHandler | undefined,
  job: JobInfo,
  ctx: Parameters<JobHandler>[1],
  timings: Required<JobQueueTimings>,
): Promise<Outcome> {
  if (!handler) return { kind: "failed", message: `no handler for job kind "${job.kind}"` };
  let error: unknown;
  let threw = false;
  try {
    await handler(job, ctx);
  } catch (caught) {
    threw = true;
    error = caught;
  }
  const why =
    ctx.signal.aborted && ctx.signal.reason instanceof JobAbort ? ctx.signal.reason.why : undefined;
  // A cancel wins even over a handler that returned early on the signal: the
  // merchant asked for it and the work may be partial.
  if (why === "cancel") return { kind: "canceled", message: "canceled" };
  if (why === "lease") return { kind: "released", why };
  if (!threw) return { kind: "succeeded" };
  if (why === "stop") return { kind: "released", why };
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RetryableError && job.attempts < timings.maxAttempts) {
    return { kind: "retry", delayMs: retryDelayMs(job.attempts, error, timings), message };
  }
  return { kind: "failed", message };
}

/** Delay before retry number `attempt` (1-based): the error's own hint, else exponential. */
export function retryDelayMs(
  attempt: number,
  error: unknown,
  timings: Pick<Required<JobQueueTimings>, "backoffMs" | "maxBackoffMs">,
): number {
  const hinted = error instanceof RetryableError ? error.retryAfterMs : undefined;
  const exponential = timings.backoffMs * 2 ** Math.max(0, attempt - 1);
  const base = Math.min(timings.maxBackoffMs, hinted ?? exponential);
  // Up to 10% jitter so shops throttled together do not retry in lockstep.
  return Math.round(base * (1 + Math.random() * 0.1));
}

export interface ProgressState {
  phase: string;
  done: number;
  expected: number | null;
}

export interface ProgressReporter {
  report(phase: string, done: number, expected?: number): Promise<void>;
  /** Writes the latest state if it is not written yet; stops the trailing timer. */
  flush(): Promise<void>;
  latest(): ProgressState | undefined;
}

/**
 * Coalesces progress writes: a phase change is written at once, otherwise at
 * most one write per interval, with a trailing write so the last value lands.
 */
export function createProgressReporter(
  write: (state: ProgressState) => Promise<void>,
  intervalMs: number,
): ProgressReporter {
  let state: ProgressState | undefined;
  let written: ProgressState | undefined;
  let lastWriteAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();

  const writeNow = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const snapshot = state;
    if (!snapshot || snapshot === written) return chain;
    written = snapshot;
    lastWriteAt = Date.now();
    // Progress is advisory: a failed write must never fail the job.
    chain = chain.then(() => write(snapshot)).catch(() => undefined);
    return chain;
  };

  return {
    report(phase, done, expected) {
      const phaseChanged = state?.phase !== phase;
      state = {
        phase,
        done,
        expected: expected ?? (phaseChanged ? null : (state?.expected ?? null)),
      };
      if (phaseChanged || Date.now() - lastWriteAt >= intervalMs) return writeNow();
      timer ??= setTimeout(() => void writeNow(), intervalMs - (Date.now() - lastWriteAt));
      return chain;
    },
    flush: writeNow,
    latest: () => state,
  };
}

/** A worker id that says where the worker runs, for leases and logs. */
export function newWorkerId(hostname: string): string {
  return `${hostname}:${process.pid}:${Math.random().toString(36).slice(2, 10)}`;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** The given timings over the defaults (undefined fields fall back). */
export function resolveTimings(timings: JobQueueTimings): Required<JobQueueTimings> {
  return {
    maxAttempts: timings.maxAttempts ?? DEFAULT_TIMINGS.maxAttempts,
    backoffMs: timings.backoffMs ?? DEFAULT_TIMINGS.backoffMs,
    maxBackoffMs: timings.maxBackoffMs ?? DEFAULT_TIMINGS.maxBackoffMs,
    leaseMs: timings.leaseMs ?? DEFAULT_TIMINGS.leaseMs,
    pollMs: timings.pollMs ?? DEFAULT_TIMINGS.pollMs,
  };
}
