/**
 * The restore executor: runs a journaled plan. Safety-net snapshot first
 * (once per run), then each product's steps in order, many products at
 * once: the Admin client admits every request against its picture of the
 * leaky bucket, so enough requests in flight keep the bucket draining at
 * its restore rate without a THROTTLED answer. Each step is journaled
 * "sent" before and "done"/"failed"/"skipped" after, so a crash or cancel
 * resumes where it stopped; finished products are never touched again.
 */
import type { FetchContext } from "~/backup/types/module";
import type { Repository } from "~/repo";
import type { AdminClient } from "~/shopify/admin-client";
import { runBulkPhase, type BulkRestoreOptions } from "./bulk";
import type { RestoreJournal, RestoreRun } from "./journal";
import { buildReport } from "./report";
import { phaseOf } from "./multi-type";
import { writeSafetyNet } from "./safety-net";
import { runStep } from "./steps";
import type { RestoreReport, StepState } from "./types";

export interface ExecuteInput {
  runId: string;
  journal: RestoreJournal;
  client: AdminClient;
  repository: Repository;
  signal?: AbortSignal;
  /** Products restored at once (default: from the bucket, see concurrencyFor). */
  concurrency?: number;
  /** Fetch for media probes and staged uploads (default globalThis.fetch). */
  download?: typeof fetch;
  progress?: (phase: string, done: number, expected: number) => void | Promise<void>;
  /** Where the safety net goes when the restore writes into another shop than the snapshot's (that shop's own repository); default `repository`. */
  safetyRepository?: Repository;
  /** Skip the safety-net snapshot (benchmarks that measure the writes alone say so in their output). */
  skipSafetyNet?: boolean;
  /** Large batches of productSet steps as one bulk mutation (bulk/; default mode "auto"). */
  bulk?: BulkRestoreOptions;
}

/**
 * Enough products in flight to keep the bucket busy: a burst that can spend
 * the whole bucket at once, floored so refill-paced runs still overlap the
 * latency of media uploads and reads.
 */
export function concurrencyFor(client: AdminClient): number {
  const state = client.throttleState();
  if (!state.known) return 8;
  return Math.max(8, Math.min(64, Math.ceil(state.restoreRate / 10)));
}

/** Executes (or resumes) a planned run; resolves with its report. Cancel via `signal`: the run stays resumable. */
export async function executeRestore(input: ExecuteInput): Promise<RestoreReport> {
  const started = Date.now();
  const { journal } = input;
  const run = (await journal.getRun(input.runId)) as RestoreRun;
  const costBefore = input.client.costUsed();
  const throttledBefore = input.client.throttleState().throttledResponses;
  const ctx: FetchContext = { client: input.client, signal: input.signal, download: input.download };
  const steps = await journal.steps(run.id);
  await journal.updateRun(run.id, { status: "running" });
  const notes: string[] = [];
  try {
    const safetyRepository = input.safetyRepository ?? input.repository;
    const wantsNet = !run.safetySnapshotId && !input.skipSafetyNet && steps.some((s) => s.status !== "done");
    // A shop never backed up (a fresh development store taking a clone) has no snapshot to put a safety net on top of.
    const noBase = wantsNet && (await safetyRepository.listSnapshots()).length === 0;
    if (noBase) notes.push(`No safety net: ${run.shop} has no backup yet to build one on, so this restore cannot be undone in one click.`);
    if (wantsNet && !noBase) {
      await input.progress?.("safety-net", 0, run.affected.length);
      const records = await Promise.all(
        run.affected.map(async (gid) => {
          const preview = run.plan.previews.find((p) => p.gid === gid);
          return { gid, liveGid: preview?.liveGid ?? (await journal.lookupGid(run.shop, gid)) ?? null };
        }),
      );
      const info = await writeSafetyNet({ repository: safetyRepository, fetch: ctx, runId: run.id, type: run.selection.type, records });
      run.safetySnapshotId = info.id;
      await journal.updateRun(run.id, { safetySnapshotId: info.id });
    }
    const groups = new Map<string, StepState[]>();
    for (const step of [...steps].sort((a, b) => a.seq - b.seq)) groups.set(step.recordGid, [...(groups.get(step.recordGid) ?? []), step]);
    // A multi-type run goes type by type in dependency order (multi-type.ts); a one-type run is one phase.
    const phases = new Map<number, StepState[][]>();
    for (const group of groups.values()) {
      const phase = run.selection.type === "*" ? phaseOf(group[0].recordGid) : 0;
      phases.set(phase, [...(phases.get(phase) ?? []), group]);
    }
    let queue: StepState[][] = [];
    const total = groups.size;
    let finished = 0;
    const stats = { reused: 0, uploaded: 0 };
    const deps = { fetch: ctx, journal, run, media: { repository: input.repository, snapshotId: run.snapshotId, download: input.download ?? globalThis.fetch, stats } };
    // Bulk phase (bulk/index.ts): re-attaches to an interrupted bulk mutation, and sends a large batch of
    // productSet steps as one; it updates `steps` in place, and the workers below do whatever it left.
    if (run.selection.type === "Product") await runBulkPhase(steps, deps, input.bulk);
    const worker = async () => {
      for (;;) {
        input.signal?.throwIfAborted();
        const group = queue.shift();
        if (!group) return;
        for (const step of group) {
          if (step.status === "done" || step.status === "skipped") continue;
          if (step.status === "failed") break;
          await journal.markStep(run.id, step.seq, { status: "sent" });
          let outcome;
          try {
            outcome = await runStep(step, deps);
          } catch (error) {
            // Cancellation leaves the step "sent": the resume resends it (idempotent).
            if (input.signal?.aborted) throw error;
            outcome = { status: "failed" as const, userErrors: [{ message: (error as Error).message }] };
          }
          await journal.markStep(run.id, step.seq, { status: outcome.status, result: outcome.result ?? null, userErrors: outcome.userErrors ?? null });
          step.status = outcome.status;
          if (outcome.status !== "done") break;
        }
        finished += 1;
        await input.progress?.("restoring", finished, total);
      }
    };
    for (const phase of [...phases.keys()].sort((a, b) => a - b)) {
      queue = [...(phases.get(phase) ?? [])];
      const width = Math.max(1, Math.min(input.concurrency ?? concurrencyFor(input.client), queue.length));
      const results = await Promise.allSettled(Array.from({ length: width }, worker));
      const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failure) throw failure.reason;
    }
    const report = buildReport(run, await journal.steps(run.id), {
      cost: input.client.costUsed() - costBefore,
      throttledResponses: input.client.throttleState().throttledResponses - throttledBefore,
      seconds: (Date.now() - started) / 1000,
    });
    if (notes.length) report.notes = notes;
    await journal.updateRun(run.id, { status: report.failed ? "failed" : "succeeded", report });
    return report;
  } catch (error) {
    await journal.updateRun(run.id, { status: input.signal?.aborted ? "canceled" : "failed" });
    throw error;
  }
}
