/**
 * Field-by-field verification of a snapshot against the live store: every
 * record read through regular GraphQL paging (normalised by the same
 * normaliser as the backup) must equal its stored version, and the snapshot
 * must hold nothing the store lacks. Holds one hash per record, not records.
 */
import { createHash } from "node:crypto";
import { canonicalJson, type Repository } from "~/repo";
import { mergeStreams } from "./stream-merge";
import type { CanonicalRecord, FetchContext, RecordTypeModule } from "./types";

/** Record types derived from others (media bytes) rather than read from the API. */
const DERIVED_TYPES = new Set(["MediaBlob", "MediaSource"]);

export interface VerifyReport {
  checked: number;
  /** In the store, not in the snapshot. */
  missing: { type: string; gid: string }[];
  /** In the snapshot, not in the store. */
  extra: { type: string; gid: string }[];
  /** In both, different. */
  mismatched: { type: string; gid: string }[];
}

const key = (type: string, gid: string) => `${type}\u0000${gid}`;
const digest = (record: object) => createHash("sha256").update(canonicalJson(record)).digest("hex");

/** Compares snapshot `snapshotId` with what `modules` read from the store now. */
export async function verifySnapshot(repository: Repository, snapshotId: string, modules: readonly RecordTypeModule[], ctx: FetchContext): Promise<VerifyReport> {
  const wanted = new Set(modules.flatMap((m) => m.types));
  const stored = new Map<string, string>();
  for await (const entry of repository.readSnapshot(snapshotId, { order: "storage" })) {
    if (!wanted.has(entry.type) || DERIVED_TYPES.has(entry.type)) continue;
    stored.set(key(entry.type, entry.gid), entry.record ? digest(entry.record) : "redacted");
  }
  const report: VerifyReport = { checked: 0, missing: [], extra: [], mismatched: [] };
  const live = mergeStreams<CanonicalRecord>(modules.map((m) => () => m.paged(ctx)), 2);
  for await (const record of live) {
    report.checked += 1;
    const k = key(record.type, record.gid);
    const have = stored.get(k);
    if (have === undefined) report.missing.push({ type: record.type, gid: record.gid });
    else if (have !== digest(record.record)) report.mismatched.push({ type: record.type, gid: record.gid });
    stored.delete(k);
  }
  for (const k of stored.keys()) {
    const [type, gid] = k.split("\u0000");
    report.extra.push({ type, gid });
  }
  return report;
}
