/**
 * The restore planner for every type other than products: snapshot record →
 * GIDs relinked through the GID map → restorable fields, diffed against the
 * live record; the merchant's per-field choices are merged in and each
 * record becomes one journaled write (or a delete when undoing a re-create).
 */
import type { FetchContext } from "~/backup/types/module";
import { RedactedError, type Repository } from "~/repo";
import { chosenSet } from "../product-diff";
import { resolveSelection } from "../selection";
import { snapshotRecord } from "../target";
import type { FieldChoices, JsonObject, PlanStep, ProductPreview, RecordNote, RestorePlan, RestoreSelection } from "../types";
import { relinkStrict } from "../cross-store/strict-relink";
import { diffFields, gidsIn, mergeFields, relink } from "./fields";
import { liveGidResolver, mappedGids } from "../live";
import { restorerFor } from "./registry";

export interface RecordPlanInput {
  repository: Repository;
  fetch: FetchContext;
  selection: RestoreSelection;
  choices?: FieldChoices;
  lookupGid(oldGid: string): Promise<string | undefined>;
  deleteAbsent?: boolean;
}

/** Old → live GIDs for every GID the records mention that an earlier restore re-created. */
export async function gidMapFor(records: Iterable<JsonObject>, lookupGid: (gid: string) => Promise<string | undefined>): Promise<Map<string, string>> {
  const all = new Set<string>();
  for (const r of records) gidsIn(r, all);
  return mappedGids([...all], lookupGid);
}

export async function planRecordRestore(input: RecordPlanInput): Promise<RestorePlan> {
  const { repository, fetch: ctx, selection } = input;
  const restorer = restorerFor(selection.type);
  const resolved = await resolveSelection(repository, selection);
  const skipped: RecordNote[] = [...resolved.notes];
  const targets = new Map<string, JsonObject>();
  const redacted = new Set<string>();
  for (const gid of resolved.gids) {
    try {
      const record = await snapshotRecord(repository, resolved.snapshotId, selection.type, gid);
      if (record) targets.set(gid, record);
    } catch (error) {
      // Shredded on request (customers/redact): never restored, and never "absent" (an undo must not delete the live customer).
      if (!(error instanceof RedactedError)) throw error;
      redacted.add(gid);
    }
  }
  const own = await mappedGids(resolved.gids, input.lookupGid);
  // Into another shop, a source GID is never live as such: only its mapped counterpart is.
  const strict = Boolean(selection.sourceShop);
  const live = await restorer.live(ctx, [...new Set([...(strict ? [] : resolved.gids), ...own.values()])]);
  const liveGidOf = liveGidResolver(own, live, strict);
  // References to other records (members, blog, metaobject fields) point at their live GIDs; the record's own GID stays.
  const refs = await gidMapFor(targets.values(), input.lookupGid);

  const previews: ProductPreview[] = [];
  const steps: PlanStep[] = [];
  const affected: string[] = [];
  const choices = input.choices ?? "all";
  let seq = 0;
  for (const gid of resolved.gids) {
    if (redacted.has(gid)) {
      skipped.push({ gid, reason: "Erased on the customer's request (customers/redact): it can no longer be restored" });
      continue;
    }
    let liveGid = liveGidOf(gid);
    let liveRecord = liveGid ? live.get(liveGid) : undefined;
    const target = targets.get(gid);
    if (!target) {
      if (input.deleteAbsent && liveGid && liveRecord && !(liveGid !== gid && resolved.gids.includes(liveGid))) {
        const title = restorer.title(liveRecord);
        previews.push({ gid, title, action: "delete", liveGid, diff: [], notes: [`Absent from the snapshot: the ${restorer.noun} is deleted`] });
        steps.push({ seq: seq++, kind: "recordDelete", recordGid: gid, input: { type: restorer.type, id: liveGid }, summary: `Delete ${title}` });
        affected.push(gid);
      } else skipped.push({ gid, reason: "Not in the snapshot" });
      continue;
    }
    const { id: _own, ...rest } = target;
    const relinked = strict ? relinkStrict(rest, refs) : relink(rest, refs);
    const title = restorer.title(target);
    const targetFields = restorer.fields(relinked);
    if (!liveRecord && restorer.locate) {
      const found = await restorer.locate(ctx, targetFields);
      const record = found ? (await restorer.live(ctx, [found])).get(found) : undefined;
      if (found && record) {
        live.set(found, record);
        liveGid = found;
        liveRecord = record;
      }
    }
    if (!liveRecord && restorer.noCreate) {
      skipped.push({ gid, reason: restorer.noCreate });
      previews.push({ gid, title, action: "none", liveGid: null, diff: [], notes: [restorer.noCreate] });
      continue;
    }
    const liveFields = liveRecord ? restorer.fields(liveRecord) : null;
    const diff = diffFields(liveFields, targetFields);
    if (!liveRecord) {
      const holder = await restorer.holder(ctx, targetFields);
      if (holder) {
        skipped.push({ gid, reason: `Deleted, and another ${restorer.noun} (${holder}) now holds its handle` });
        previews.push({ gid, title, action: "none", liveGid: null, diff, notes: [`Another ${restorer.noun} holds its handle: not re-created`] });
        continue;
      }
    }
    if (liveRecord && restorer.createOnly && diff.length) {
      skipped.push({ gid, reason: restorer.createOnly });
      previews.push({ gid, title, action: "none", liveGid, diff, notes: [restorer.createOnly] });
      continue;
    }
    const picked = choices === "all" ? "all" : (choices[gid] ?? "all");
    const chosen = chosenSet(diff, picked);
    const merged = mergeFields(liveFields, targetFields, chosen);
    const changes = diffFields(liveFields, merged);
    if (liveRecord && changes.length === 0) {
      skipped.push({ gid, reason: diff.length ? `Nothing chosen differs from the live ${restorer.noun}` : "Already equal to the snapshot" });
      previews.push({ gid, title, action: "none", liveGid, diff, notes: [] });
      continue;
    }
    steps.push({
      seq: seq++,
      kind: "recordWrite",
      recordGid: gid,
      input: { type: restorer.type, liveGid, fields: merged, before: liveFields } as JsonObject,
      summary: `${liveRecord ? "Update" : "Re-create"} ${title}`,
    });
    affected.push(gid);
    previews.push({ gid, title, action: liveRecord ? "update" : "create", liveGid, diff, notes: [...restorer.limits] });
  }
  return { snapshotId: resolved.snapshotId, previews, steps, skipped, affected };
}
