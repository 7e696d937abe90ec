/** Turns a restore selection into (snapshot, GIDs). */
import { UserFacingError } from "~/errors";
import type { Repository } from "~/repo";
import type { RecordNote, RestoreSelection } from "./types";

/** The record type a Shopify GID names (`gid://shopify/Product/1` → Product). */
export function typeOfGid(gid: string): string {
  return /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(gid)?.[1] ?? "";
}

export interface ResolvedSelection {
  snapshotId: string;
  gids: string[];
  notes: RecordNote[];
}

/**
 * "Changed since X" restores every product that changed between the newest
 * snapshot taken at or before X and the newest snapshot, to its state at X.
 */
export async function resolveSelection(repository: Repository, selection: RestoreSelection): Promise<ResolvedSelection> {
  if (selection.kind === "records") return { snapshotId: selection.snapshotId, gids: [...new Set(selection.gids)], notes: [] };
  const since = Date.parse(selection.since);
  if (!Number.isFinite(since)) throw new UserFacingError(`Not a valid time: ${selection.since}`, { since: selection.since });
  const snapshots = await repository.listSnapshots();
  const base = snapshots.filter((s) => Date.parse(s.startedAt) <= since).at(-1);
  const latest = snapshots.at(-1);
  if (!base || !latest) throw new UserFacingError("No snapshot was taken at or before that time", { since: selection.since });
  const gids: string[] = [];
  const notes: RecordNote[] = [];
  if (base.id !== latest.id) {
    for await (const entry of repository.diff(base.id, latest.id)) {
      // "*": every type (the multi-type planner keeps the restorable ones).
      if (selection.type !== "*" && entry.type !== selection.type) continue;
      if (entry.change === "added") notes.push({ gid: entry.gid, reason: "Created after the chosen time: left as it is" });
      else gids.push(entry.gid);
    }
  }
  return { snapshotId: base.id, gids, notes };
}
