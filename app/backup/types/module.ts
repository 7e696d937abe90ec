/**
 * The contract every record type module fulfils: how a full backup fetches
 * it, how regular GraphQL paging reads it (verification, small stores), how
 * one record is re-fetched by GID (incrementals), and the one normaliser all
 * paths share.
 */
import type { AdminClient } from "~/shopify/admin-client";
import type { BulkRunOptions } from "~/shopify/bulk-runner";
import type { DataType } from "~/services/settings";
import type { JsonObject } from "../normalise";

/** One canonical record, ready for the repository (type + GID are the manifest key). */
export interface CanonicalRecord {
  type: string;
  gid: string;
  record: JsonObject;
  /** Personal-data subject (customer GID): encrypted under that subject's key. */
  subject?: string;
}

/** What a fetch needs: the shop's client, cancellation, bulk tuning and a fetch for file bodies. */
export interface FetchContext {
  client: AdminClient;
  signal?: AbortSignal;
  bulk?: Omit<BulkRunOptions, "signal">;
  /** Downloads theme URL bodies and media bytes (default globalThis.fetch). */
  download?: typeof fetch;
  /** Called once per bulk operation a module starts (stats, tests). */
  onBulkRun?: (name: string, stats: { records: number; downloadedBytes: number }) => void;
}

/** Normalises one raw node (bulk-assembled or paged) into its canonical records. */
export type Normaliser = (raw: JsonObject) => CanonicalRecord[];

export interface RecordTypeModule {
  /** Stable module name, e.g. "products". */
  name: string;
  /** The per-shop setting that switches it on. */
  dataType: DataType;
  /** Record types it emits, e.g. ["Location", "InventoryLevel"]. */
  types: readonly string[];
  /** True when the full fetch uses bulk operations (they share the shop's concurrent limit). */
  bulk: boolean;
  /** Field of BACKUP_COUNTS giving the expected root count (progress only). */
  countField?: string;
  /** Full backup fetch (bulk where possible). */
  full(ctx: FetchContext): AsyncIterable<CanonicalRecord>;
  /** The same records through regular cursor paging. */
  paged(ctx: FetchContext): AsyncIterable<CanonicalRecord>;
  /** Current records of the given root GIDs (absent GIDs yield nothing: deleted). */
  byIds?(ctx: FetchContext, ids: string[]): AsyncIterable<CanonicalRecord>;
  normalise: Normaliser;
}
