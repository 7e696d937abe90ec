/**
 * Journaled writes of non-product records. An update is idempotent by
 * nature (the same fields sent twice leave the same record). A create is
 * guarded by the record's natural key: a resend after a crash finds the
 * record the first send made and updates it instead of making a second.
 */
import type { StepDeps, StepOutcome } from "../steps";
import type { JsonObject, StepState } from "../types";
import { restorerFor } from "./registry";
import type { Fields } from "./restorer";

interface WritePayload {
  type: string;
  liveGid: string | null;
  fields: Fields;
  before: Fields | null;
}

async function writeStep(step: StepState, deps: StepDeps): Promise<StepOutcome> {
  const payload = step.input as unknown as WritePayload;
  const restorer = restorerFor(payload.type);
  const { fetch: ctx, journal, run } = deps;
  if (!payload.liveGid && restorer.resendUnsafe && step.status === "sent") return { status: "failed", userErrors: [{ message: restorer.resendUnsafe }] };
  let liveGid = payload.liveGid;
  let before = payload.before;
  if (!liveGid) {
    const holder = await restorer.holder(ctx, payload.fields);
    if (holder) {
      const mapped = await journal.lookupGid(run.shop, step.recordGid);
      if (mapped === holder) return { status: "done", result: { id: holder, resumed: true } };
      // Never sent: someone else took the handle since the plan. Sent: the holder is what the interrupted send made.
      if (step.status === "planned") return { status: "skipped", result: { reason: `Another ${restorer.noun} (${holder}) now holds its handle` } };
      liveGid = holder;
      before = null;
    }
  }
  const source = { repository: deps.media.repository, snapshotId: run.snapshotId, gid: step.recordGid, lookupGid: (gid: string) => journal.lookupGid(run.shop, gid) };
  const outcome = await restorer.write(ctx, { liveGid, fields: payload.fields, before, source });
  if (outcome.userErrors.length || !outcome.id) return { status: "failed", userErrors: outcome.userErrors.length ? outcome.userErrors : [{ message: "Shopify returned no record" }] };
  if (!payload.liveGid) await journal.mapGid(run.shop, restorer.type, step.recordGid, outcome.id, run.id);
  return { status: "done", result: { id: outcome.id, created: !payload.liveGid } };
}

async function deleteStep(step: StepState, deps: StepDeps): Promise<StepOutcome> {
  const { type, id } = step.input as { type: string; id: string };
  const outcome = await restorerFor(type).remove(deps.fetch, id);
  // A resend after the delete landed finds nothing to delete: that is the goal.
  const gone = outcome.userErrors.every((e) => /not exist|not found|could not be found/i.test(String(e.message)));
  if (outcome.userErrors.length && !(step.status === "sent" && gone)) return { status: "failed", userErrors: outcome.userErrors };
  return { status: "done", result: { deleted: id } as JsonObject };
}

export function runRecordStep(step: StepState, deps: StepDeps): Promise<StepOutcome> {
  return step.kind === "recordDelete" ? deleteStep(step, deps) : writeStep(step, deps);
}
