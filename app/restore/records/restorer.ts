/**
 * The contract each non-product record type fulfils to be restorable. The
 * generic planner and executor (planner.ts, steps.ts) do the rest: read the
 * snapshot and the live store, relink GIDs through the GID map, diff the
 * restorable fields, merge the merchant's choices, journal and send.
 *
 * A record's restorable state is a flat map of fields (path → value): the
 * paths are what the preview shows and what the merchant ticks, and the
 * merged map is exactly what the write sends, so "take only the title" can
 * never write anything else.
 */
import type { FetchContext } from "~/backup/types/module";
import type { Repository } from "~/repo";
import type { JsonObject } from "../types";

export type Fields = Record<string, unknown>;

export interface WriteOutcome {
  /** The live GID written (the new one after a create). */
  id: string | null;
  userErrors: JsonObject[];
}

export interface WriteRequest {
  /** The live record to update, or null to create it. */
  liveGid: string | null;
  /** The merged fields (GIDs already relinked to live ones). */
  fields: Fields;
  /** Fields as they are live now (null when creating); lets a write send only what changed or delete what went away. */
  before: Fields | null;
  /** Where the record comes from, for writes that need more than its fields (an order's personal part, read at send time so it never sits in the journal). */
  source: { repository: Repository; snapshotId: string; gid: string; lookupGid(gid: string): Promise<string | undefined> };
}

export interface RecordRestorer {
  /** Snapshot record type, e.g. "Collection". */
  type: string;
  /** Word for one record in messages ("collection"). */
  noun: string;
  /** Restorable state of a canonical record (snapshot or live, same shape). */
  fields(record: JsonObject): Fields;
  title(record: JsonObject): string;
  /** Live canonical records by GID (absent: deleted). */
  live(ctx: FetchContext, gids: string[]): Promise<Map<string, JsonObject>>;
  /**
   * The live record already holding the natural key (handle, path, email…)
   * the fields would create, or null. Guards a re-create and lets a resend
   * after a crash adopt what the first send made.
   */
  holder(ctx: FetchContext, fields: Fields): Promise<string | null>;
  write(ctx: FetchContext, request: WriteRequest): Promise<WriteOutcome>;
  remove(ctx: FetchContext, liveGid: string): Promise<WriteOutcome>;
  /** What the restore cannot bring back for this type, shown with every preview. */
  readonly limits: readonly string[];
  /**
   * The live GID of the same record when its snapshot GID is no longer live
   * but it still exists under another (an inventory level of a re-created
   * product); absent: such records are re-created.
   */
  locate?(ctx: FetchContext, fields: Fields): Promise<string | null>;
  /**
   * Set when a create is not idempotent (nothing finds its result again):
   * a create that was sent but never answered is not resent; the reason
   * tells the merchant what to check.
   */
  readonly resendUnsafe?: string;
  /** Set when a gone record cannot be re-created: the reason shown instead. */
  readonly noCreate?: string;
  /** Set when live records are never rewritten (only re-created when gone): the reason shown for a differing live one. */
  readonly createOnly?: string;
}
