/**
 * The safety net for non-product restores: the live state of every record
 * the run touches, committed as an incremental snapshot before any write.
 * A record not live under its snapshot GID gets a tombstone there, so the
 * undo (restore this snapshot with deleteAbsent) deletes what the run made.
 */
import type { FetchContext } from "~/backup/types/module";
import type { Repository, SnapshotInfo } from "~/repo";
import { restorerFor } from "./registry";

export interface RecordSafetyNetInput {
  repository: Repository;
  fetch: FetchContext;
  runId: string;
  type: string;
  records: { gid: string; liveGid: string | null }[];
}

export async function writeRecordSafetyNet(input: RecordSafetyNetInput): Promise<SnapshotInfo> {
  const restorer = restorerFor(input.type);
  const live = await restorer.live(input.fetch, input.records.map((r) => r.liveGid).filter((g): g is string => g !== null));
  const parent = (await input.repository.listSnapshots()).at(-1);
  const subjectOf = (gid: string) => (input.type === "Customer" ? gid : undefined);
  return input.repository.writeSnapshot({
    kind: "incremental",
    parent: parent?.id,
    records: (async function* () {
      for (const { gid, liveGid } of input.records) {
        const record = liveGid ? live.get(liveGid) : undefined;
        if (record && liveGid) yield { type: input.type, gid: liveGid, record: record as object, subject: subjectOf(liveGid) };
        if (!record || liveGid !== gid) yield { type: input.type, gid, record: null };
      }
    })(),
    tags: { trigger: "pre-restore", restoreRun: input.runId },
  });
}
