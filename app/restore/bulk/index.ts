/**
 * The bulk-mutation phase of a restore run (docs/restore.md "Bulk
 * mutations"). Runs before the per-product workers: it re-attaches to a bulk
 * operation an interrupted attempt started, then, when the run's pending
 * productSet steps are many enough (decide.ts), sends them all as one bulk
 * mutation: exact inputs, media resolved first, journaled "sent" with the
 * batch and line before the start and the operation id right after. Each
 * result line marks its step done (GIDs mapped as the regular step maps
 * them) or failed (its userErrors). Whatever the phase leaves "sent" (the
 * operation is gone, failed or was refused part-way) the workers resend one
 * by one: productSet upserts by id, or by handle for a re-create, so a
 * resend never duplicates. Inventory steps always run through the workers.
 */
import { randomUUID } from "node:crypto";
import * as Q from "~/shopify/queries/restore-bulk";
import { liveProductByHandle } from "../live";
import type { StepDeps } from "../steps";
import type { JsonObject, StepState } from "../types";
import { recordProductSet, type ProductSetPayload, type ProductSetResult } from "./apply";
import { shouldUseBulk, type BulkMode } from "./decide";
import { resolveMediaBatched, type MediaJob } from "./media";
import { awaitBulkMutation, readResultLines, startBulkMutation, variablesFileLimit } from "./operation";

export { BULK_MIN_STEPS, BULK_OVERHEAD_SECONDS, shouldUseBulk, type BulkMode } from "./decide";

export interface BulkRestoreOptions {
  /** auto (default): bulk when the bucket would take longer than the bulk overhead; always / never for tests and benchmarks. */
  mode?: BulkMode;
  pollIntervalMs?: number;
  /** Resolves when the bulk_operations/finish webhook for `id` arrived (wakes the poller). */
  waitForFinish?: (id: string) => Promise<void>;
  /** Called once a bulk operation started (tests crash here; progress). */
  onStarted?: (operationId: string, steps: number) => void | Promise<void>;
}

/** What a bulk-sent step's journal `result` holds until its line is read. */
interface BulkMark {
  batch: string;
  line: number;
  operation?: string;
}

const markOf = (step: StepState): BulkMark | undefined => (step.status === "sent" ? ((step.result?.bulk as unknown as BulkMark | undefined) ?? undefined) : undefined);

/** Runs the bulk phase over `steps` (the run's steps, updated in place). */
export async function runBulkPhase(steps: StepState[], deps: StepDeps, options: BulkRestoreOptions = {}): Promise<void> {
  await resumeBatches(steps, deps, options);
  const pending = steps.filter((s) => s.kind === "productSet" && s.status === "planned");
  if (!shouldUseBulk(pending, deps.fetch.client, options.mode)) return;
  const ready = await prepare(pending, deps);
  const limit = variablesFileLimit(deps.fetch.client.apiVersion) * 0.95;
  let chunk: { step: StepState; line: string }[] = [];
  let bytes = 0;
  for (const entry of ready) {
    const size = Buffer.byteLength(entry.line) + 1;
    if (chunk.length && bytes + size > limit) {
      if (!(await sendBatch(chunk, deps, options))) return;
      chunk = [];
      bytes = 0;
    }
    chunk.push(entry);
    bytes += size;
  }
  if (chunk.length) await sendBatch(chunk, deps, options);
}

async function mark(step: StepState, deps: StepDeps, status: StepState["status"], result: JsonObject | null, userErrors: JsonObject[] | null = null): Promise<void> {
  await deps.journal.markStep(deps.run.id, step.seq, { status, result, userErrors });
  step.status = status;
  step.result = result;
  step.userErrors = userErrors;
}

/** The re-create guard (as steps.ts) and media resolution (batched); answers the JSONL line of each step still to send. */
async function prepare(pending: StepState[], deps: StepDeps): Promise<{ step: StepState; line: string }[]> {
  const { run, journal, fetch: ctx } = deps;
  const out = new Array<{ step: StepState; input: JsonObject } | null>(pending.length).fill(null);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < pending.length; i = next++) {
      const step = pending[i];
      const payload = step.input as unknown as ProductSetPayload;
      if (payload.create) {
        const handle = String(payload.identifier.handle);
        const holder = await liveProductByHandle(ctx, handle);
        if (holder) {
          // Never sent, so the holder is not ours unless the GID map says so.
          const mapped = await journal.lookupGid(run.shop, step.recordGid);
          if (mapped === holder.id) await mark(step, deps, "done", { productId: holder.id, resumed: true });
          else await mark(step, deps, "skipped", { reason: `Handle "${handle}" is now used by ${holder.id}` });
          continue;
        }
      }
      out[i] = { step, input: structuredClone(payload.input) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, pending.length) }, worker));
  const sending = out.filter((e): e is { step: StepState; input: JsonObject } => e !== null);
  const jobs: MediaJob[] = [];
  for (const { step, input } of sending) {
    const media = (step.input as unknown as ProductSetPayload).media;
    const files = input.files as JsonObject[] | undefined;
    if (files && media.length) jobs.push({ files, pending: media });
  }
  await resolveMediaBatched(jobs, { ...deps.media, client: ctx.client, signal: ctx.signal });
  return sending.map(({ step, input }) => ({ step, line: JSON.stringify({ identifier: (step.input as unknown as ProductSetPayload).identifier, input }) }));
}

/** Journals, uploads, starts and reads one batch; false when Shopify refused to start it (the workers take the steps). */
async function sendBatch(chunk: { step: StepState; line: string }[], deps: StepDeps, options: BulkRestoreOptions): Promise<boolean> {
  const batch = randomUUID();
  // "sent" before the start: a crash from here on resends (or re-attaches), and the re-create guard knows the handle may be ours.
  for (const [line, { step }] of chunk.entries()) await mark(step, deps, "sent", { bulk: { batch, line } });
  const { client, signal } = deps.fetch;
  const started = await startBulkMutation(client, Q.RESTORE_BULK_PRODUCT_SET, chunk.map((c) => c.line), { download: deps.media.download, signal, clientIdentifier: `snapshelf-restore-${deps.run.id}-${batch}` });
  if (!started.operation) {
    // Another bulk mutation holds the shop's slot (or the file was refused): nothing ran, the steps go back to the workers.
    for (const { step } of chunk) await mark(step, deps, "planned", { bulkRefused: started.refused });
    return false;
  }
  const id = started.operation.id;
  // The operation id goes on the batch's first step only: one more journal write, and resume finds it from any step of the batch.
  await mark(chunk[0].step, deps, "sent", { bulk: { batch, line: 0, operation: id } });
  await options.onStarted?.(id, chunk.length);
  await collect(id, chunk.map((c) => c.step), deps, options);
  return true;
}

/** Steps left "sent" by an interrupted bulk phase: re-attach to their operation instead of sending again. */
async function resumeBatches(steps: StepState[], deps: StepDeps, options: BulkRestoreOptions): Promise<void> {
  const batches = new Map<string, StepState[]>();
  for (const step of steps) {
    const m = markOf(step);
    if (m) batches.set(m.batch, [...(batches.get(m.batch) ?? []), step]);
  }
  for (const members of batches.values()) {
    const id = members.map(markOf).find((m) => m?.operation)?.operation;
    // No id journaled: the start may or may not have happened; the workers resend (idempotent upserts).
    if (!id) continue;
    const ordered: StepState[] = [];
    for (const step of members) ordered[markOf(step)!.line] = step;
    await collect(id, ordered, deps, options);
  }
}

/** Waits for operation `id` and journals each result line onto `byLine[lineNumber]`. */
async function collect(id: string, byLine: StepState[], deps: StepDeps, options: BulkRestoreOptions): Promise<void> {
  const { client, signal } = deps.fetch;
  const op = await awaitBulkMutation(client, id, { pollIntervalMs: options.pollIntervalMs, waitForFinish: options.waitForFinish, signal });
  // COMPLETED has every line; FAILED / CANCELED may list the lines that ran; gone or EXPIRED lists nothing.
  const url = op?.status === "COMPLETED" ? op.url : op?.partialDataUrl ?? null;
  if (!url) return;
  for await (const line of readResultLines(url, deps.media.download, signal)) {
    const step = byLine[line.lineNumber];
    if (!step || step.status !== "sent") continue;
    if (line.errors?.length) {
      await mark(step, deps, "failed", null, line.errors);
      continue;
    }
    const answer = (line.data as { productSet?: ProductSetResult } | null)?.productSet;
    if (!answer) continue;
    const verdict = await recordProductSet(step, answer, deps.journal, deps.run, { bulkOperation: id });
    await mark(step, deps, verdict.status, verdict.result, verdict.userErrors);
  }
}
