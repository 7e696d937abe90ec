/** Field-by-field check of live records against a snapshot (through the GID map): tests, drills, benchmarks. */
import type { FetchContext } from "~/backup/types/module";
import type { Repository } from "~/repo";
import { snapshotRecord } from "../target";
import type { FieldDiff, JsonObject } from "../types";
import { relinkStrict } from "../cross-store/strict-relink";
import { diffFields, relink } from "./fields";
import { gidMapFor } from "./planner";
import { restorerFor } from "./registry";

export interface RecordMismatch {
  gid: string;
  liveGid: string | null;
  diff: FieldDiff[];
}

export async function compareRecords(
  repository: Repository,
  snapshotId: string,
  ctx: FetchContext,
  type: string,
  gids: string[],
  lookupGid: (gid: string) => Promise<string | undefined>,
  /** The live store is another shop than the snapshot's: GIDs count only through the map (cross-store/strict-relink.ts). */
  options: { crossStore?: boolean } = {},
): Promise<RecordMismatch[]> {
  const restorer = restorerFor(type);
  const targets = new Map<string, JsonObject>();
  for (const gid of gids) {
    const r = await snapshotRecord(repository, snapshotId, type, gid);
    if (r) targets.set(gid, r);
  }
  const liveGid = new Map<string, string>();
  for (const gid of targets.keys()) liveGid.set(gid, (await lookupGid(gid)) ?? (options.crossStore ? "" : gid));
  const live = await restorer.live(ctx, [...liveGid.values()].filter(Boolean));
  const refs = await gidMapFor(targets.values(), lookupGid);
  const out: RecordMismatch[] = [];
  for (const [gid, target] of targets) {
    const now = live.get(liveGid.get(gid) as string);
    const { id: _own, ...rest } = target;
    const diff = diffFields(now ? restorer.fields(now) : null, restorer.fields(options.crossStore ? relinkStrict(rest, refs) : relink(rest, refs)));
    if (diff.length) out.push({ gid, liveGid: now ? String(now.id) : null, diff });
  }
  return out;
}
