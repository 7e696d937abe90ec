/**
 * The read-back half of a drill: every sampled record is read through the
 * repository's public getRecord, which decrypts its block (AES-GCM: a flipped
 * byte fails authentication) and recomputes the record's keyed hash
 * (HMAC-SHA256 under the shop's hash key) against the id the manifest names,
 * the same verification `repo check --read-data` does for whole packs. A
 * record that fails either is never handed back; the drill names it.
 */
import { IntegrityError } from "~/errors";
import { RedactedError, type Repository } from "~/repo";
import type { JsonObject } from "../types";
import type { DrillProblem, SampledRecord } from "./types";

export interface ReadBack {
  /** Records that read back intact, by "type\u0000gid". */
  records: Map<string, JsonObject>;
  redacted: number;
  problems: DrillProblem[];
}

export const recordKey = (type: string, gid: string) => `${type}\u0000${gid}`;

/** Reads each sampled record back; damage becomes a problem naming the record, never an exception. */
export async function readBack(repository: Repository, snapshotId: string, sample: Map<string, SampledRecord[]>): Promise<ReadBack> {
  const out: ReadBack = { records: new Map(), redacted: 0, problems: [] };
  for (const [type, rows] of sample) {
    for (const row of rows) {
      const named = { type, gid: row.gid, recordId: row.recordId, ...(row.title ? { title: row.title } : {}) };
      try {
        const version = await repository.getRecord(snapshotId, type, row.gid);
        if (!version) {
          out.problems.push({ kind: "integrity", ...named, message: `${type} ${row.gid} is listed in the catalog but absent from snapshot ${snapshotId}` });
          continue;
        }
        if (version.recordId !== row.recordId) {
          out.problems.push({ kind: "catalog", ...named, message: `The catalog names record ${row.recordId} for ${type} ${row.gid}; the snapshot holds ${version.recordId} (rebuild the catalog)` });
        }
        out.records.set(recordKey(type, row.gid), version.record as JsonObject);
      } catch (error) {
        if (error instanceof RedactedError) {
          out.redacted += 1; // shredded on purpose (customers/redact), not damage
          continue;
        }
        if (!(error instanceof IntegrityError)) throw error;
        out.problems.push({ kind: "integrity", ...named, message: `${type} ${row.gid} does not read back intact: ${error.message}` });
      }
    }
  }
  return out;
}
