/** Engine entry points: plan + journal a restore, and execute it (the job handler and the CLI call these). */
import type { FetchContext } from "~/backup/types/module";
import type { Repository } from "~/repo";
import type { RestoreJournal, RestoreRun } from "./journal";
import { planRestore } from "./planner";
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

/** Plans the restore and records it (steps "planned") in the journal. */
export async function prepareRestore(input: PrepareInput): Promise<{ run: RestoreRun; plan: RestorePlan }> {
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
  return { selection: { kind: "records", snapshotId: run.safetySnapshotId, type: run.selection.type, gids: [...new Set([...run.affected, ...live])] }, deleteAbsent: true };
}
