/**
 * What the parent snapshot holds, for deciding tombstones: single records
 * from the repository, and children of a root (theme files, a product's
 * inventory levels) from the catalog, which lists GIDs without opening every
 * record. The job catalogues the parent before asking.
 */
import type { Db } from "~/db.server";
import { inChunks } from "~/db/in-chunks";
import { RedactedError, type Repository } from "~/repo";
import type { JsonObject } from "../normalise";

export interface ParentView {
  /** The parent's record; null when it exists but is redacted; undefined when absent. */
  record(type: string, gid: string): Promise<JsonObject | null | undefined>;
  /** GIDs of `type` in the parent whose owner (RecordVersion.owner: an inventory item, a theme) is one of `owners`. */
  ownedBy(type: string, owners: string[]): Promise<string[]>;
  /** Every GID of `type` in the parent. */
  gids(type: string): Promise<string[]>;
  /** Streams the parent's records of one type, in no particular order (a full pass of that type: only for rare events such as product deletions). */
  scan(type: string): AsyncGenerator<{ gid: string; record: JsonObject }>;
}

/** A ParentView over snapshot `parentId` of `repository` and the shop's catalog rows. */
export function parentView(db: Db, repository: Repository, parentId: string): ParentView {
  return {
    async record(type, gid) {
      try {
        return (await repository.getRecord(parentId, type, gid))?.record;
      } catch (error) {
        if (error instanceof RedactedError) return null;
        throw error;
      }
    },
    async *scan(type) {
      // One type, in storage order: each of its blocks is decoded once, and no other type's block is read.
      for await (const entry of repository.readSnapshot(parentId, { types: [type], order: "storage" })) {
        if (entry.record) yield { gid: entry.gid, record: entry.record };
      }
    },
    async ownedBy(type, owners) {
      const out: string[] = [];
      for (const chunk of inChunks(owners)) {
        const rows = await db.recordVersion.findMany({ where: { shop: repository.shop, type, current: true, owner: { in: chunk } }, select: { gid: true } });
        out.push(...rows.map((r) => r.gid));
      }
      return out;
    },
    async gids(type) {
      const rows = await db.recordVersion.findMany({ where: { shop: repository.shop, type, current: true }, select: { gid: true } });
      return rows.map((r) => r.gid);
    },
  };
}
