/** Engine entry points: plan + journal a restore, and execute it (the job handler and the CLI call these). */
import type { FetchContext } from "~/backup/types/module";
import type { Repository } from "~/repo";
import type { RestoreJournal, RestoreRun } from "./journal";
import { mapAcrossStores } from "./cross-store/map-ids";
import { planRestore } from "./planner";
import { resolveSelection } from "./selection";
import type { FieldChoices, RestorePlan, RestoreSelection } from "./types";

export interface PrepareInput {
  repository: Repository;
  fetch: FetchContext;
  journal: RestoreJournal;
  shop: string;
  selection: RestoreSelection;
  choices?: FieldChoices;
  deleteAbsent?: boolean;
}

/** Into another shop: finds each selected (and referenced) record's counterpart there by natural key (handle, name, email…). */
export async function mapSelectionAcrossStores(input: Pick<PrepareInput, "repository" | "fetch" | "journal" | "shop" | "selection">): Promise<void> {
  const source = input.selection.sourceShop;
  if (!source || source === input.shop) return;
  const resolved = await resolveSelection(input.repository, input.selection);
  await mapAcrossStores({
    repository: input.repository,
    snapshotId: resolved.snapshotId,
    gids: resolved.gids,
    type: input.selection.type,
    fetch: input.fetch,
    journal: input.journal,
    targetShop: input.shop,
    runLabel: `cross-store:${source}`,
  });
}

/** Plans the restore and records it (steps "planned") in the journal. */
export async function prepareRestore(input: PrepareInput): Promise<{ run: RestoreRun; plan: RestorePlan }> {
  await mapSelectionAcrossStores(input);
  const plan = await planRestore({
    repository: input.repository,
    fetch: input.fetch,
    shop: input.shop,
    selection: input.selection,
    choices: input.choices,
    deleteAbsent: input.deleteAbsent,
    lookupGid: (gid) => input.journal.lookupGid(input.shop, gid),
  });
  const run = await input.journal.createRun({ shop: input.shop, plan, selection: input.selection });
  return { run, plan };
}

/** The selection that undoes a run: its safety-net snapshot, for every product it touched, deleting what it re-created. */
export function undoSelection(run: RestoreRun): { selection: RestoreSelection; deleteAbsent: true } {
  if (!run.safetySnapshotId) throw new Error(`Restore ${run.id} has no safety-net snapshot`);
  const live = run.plan.previews.filter((p) => run.affected.includes(p.gid)).map((p) => p.liveGid).filter((g): g is string => g !== null);
  if (run.selection.sourceShop && run.selection.sourceShop !== run.shop) {
    // Into another shop the snapshot's GIDs mean nothing there: undo by the GIDs the run wrote (updated and re-created).
    const made = (run.report?.records ?? []).map((r) => r.newGid).filter((g): g is string => typeof g === "string");
    return { selection: { kind: "records", snapshotId: run.safetySnapshotId, type: run.selection.type, gids: [...new Set([...live, ...made])] }, deleteAbsent: true };
  }
  return { selection: { kind: "records", snapshotId: run.safetySnapshotId, type: run.selection.type, gids: [...new Set([...run.affected, ...live])] }, deleteAbsent: true };
}
