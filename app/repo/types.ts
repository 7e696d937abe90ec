import type { BlobStore } from "~/storage/blob-store";
import type { KeyProvider } from "~/keys/key-provider";
import type { RepositoryTuning } from "./format";

/** What createRepository needs. */
export interface RepositoryOptions {
  store: BlobStore;
  keys: KeyProvider;
  /** Shop domain, e.g. "demo.myshopify.com"; every object lives under shops/<shop>/. */
  shop: string;
  now?: () => Date;
  /** Override sizes for tests and benchmarks. */
  tuning?: Partial<RepositoryTuning>;
}

/** One record handed to writeSnapshot. */
export interface RecordInput {
  /** Resource type, e.g. "Product"; must not contain NUL. */
  type: string;
  /** Shopify GID, e.g. "gid://shopify/Product/1". */
  gid: string;
  /** The record; null marks a deletion (tombstone) in an incremental snapshot. Omit when `json` is given. */
  record?: object | null;
  /**
   * The record as JSON text (one object), instead of `record`: it is parsed
   * and canonicalised on the worker threads, which takes the per-record JSON
   * work off the thread feeding the snapshot (bulk JSONL lines pass straight
   * through). Stores the same bytes, and gets the same id, as `record: JSON.parse(json)`.
   */
  json?: string;
  /** Personal-data subject (e.g. customer GID): stored under that subject's own key. */
  subject?: string;
}

export interface WriteSnapshotInput {
  kind: "full" | "incremental";
  /** Parent snapshot id; incremental snapshots default to the newest snapshot. */
  parent?: string;
  records: AsyncIterable<RecordInput> | Iterable<RecordInput>;
  /** Field names dropped before hashing and storing (e.g. "__parentId"). */
  volatileFields?: string[];
  /** Free-form labels kept in the snapshot metadata (e.g. trigger, job id). */
  tags?: Record<string, string>;
  /**
   * Roughly how many records this snapshot will bring (e.g. Shopify's counts):
   * the record index is sized for them up front instead of growing by
   * rehashing, which briefly holds two tables. A hint; any count works.
   */
  expectedRecords?: number;
}

/** Per-page pointer kept in snapshot metadata. */
export interface ManifestPageRef {
  /** Hex page id (keyed hash of the page bytes). */
  id: string;
  /** First key in the page: `${type}\u0000${gid}`. */
  first: string;
  count: number;
}

export interface SnapshotStats {
  recordsIn: number;
  newRecords: number;
  newRecordBytes: number;
  newPacks: number;
  storedBytesAdded: number;
}

/** Snapshot metadata (decrypted). */
export interface SnapshotInfo {
  id: string;
  shop: string;
  kind: "full" | "incremental";
  parent: string | null;
  startedAt: string;
  finishedAt: string;
  countsPerType: Record<string, number>;
  totalRecords: number;
  /** Base manifest pages: a full sorted (type, GID) → record id map. */
  manifest: ManifestPageRef[];
  /**
   * Delta pages applied over the base (all-zero id = deleted). Sharing the
   * base with earlier snapshots keeps a 1% change from rewriting every page.
   */
  delta: ManifestPageRef[];
  stats: SnapshotStats;
  tags: Record<string, string>;
}

/** A snapshot's metadata without its manifest page lists: what listing snapshots returns. */
export type SnapshotSummary = Omit<SnapshotInfo, "manifest" | "delta">;

/** One entry of a snapshot as read back. */
export interface SnapshotEntry {
  type: string;
  gid: string;
  /** Hex record id. */
  recordId: string;
  /** The record, or null when its subject was forgotten (see `redacted`). */
  record: Record<string, unknown> | null;
  redacted: boolean;
}

export interface HistoryEntry {
  snapshotId: string;
  time: string;
  /** Null when the GID is absent from that snapshot. */
  recordId: string | null;
  /** True when the record id differs from the previous snapshot in the list. */
  changed: boolean;
}

export interface DiffEntry {
  type: string;
  gid: string;
  change: "added" | "changed" | "deleted";
  before: string | null;
  after: string | null;
}

export interface RetentionPolicy {
  last?: number;
  hourly?: number;
  daily?: number;
  weekly?: number;
  monthly?: number;
}

export interface ForgetDecision {
  id: string;
  time: string;
  reasons: string[];
}

export interface ForgetResult {
  keep: ForgetDecision[];
  remove: ForgetDecision[];
}

export interface PruneOptions {
  /** Unreferenced packs younger than this are spared (in-flight or crashed writers). */
  minUnreferencedAgeMs: number;
  /** Repack a pack when this fraction (0..1) of its bytes is unreferenced. */
  repackWasteThreshold: number;
}

export interface PruneReport {
  packsBefore: number;
  packsDeleted: number;
  packsRepacked: number;
  packsWritten: number;
  packsSpared: number;
  bytesBefore: number;
  bytesDeleted: number;
  bytesWritten: number;
  redactedRecordsDropped: number;
}

export interface CheckOptions {
  /** Read back and verify this percentage (0..100) of packs, chosen at random. */
  readDataPercent?: number;
  /** Read back packs of rotating subset n of `of` (deterministic by pack id). */
  subset?: { n: number; of: number };
}

export interface AffectedRecord {
  snapshotId: string;
  type: string;
  gid: string;
  recordId: string;
}

export interface CheckProblem {
  kind:
    | "unreadable-snapshot"
    | "missing-page"
    | "corrupt-page"
    | "missing-record"
    | "missing-pack"
    | "truncated-pack"
    | "corrupt-pack-header"
    | "index-mismatch"
    | "corrupt-block"
    | "hash-mismatch"
    | "unreadable-index";
  message: string;
  packId?: string;
  snapshotId?: string;
  recordIds?: string[];
  affected?: AffectedRecord[];
}

export interface CheckReport {
  ok: boolean;
  snapshotsChecked: number;
  packsChecked: number;
  packsRead: number;
  recordsVerified: number;
  problems: CheckProblem[];
}

export interface RebuildIndexReport {
  packs: number;
  records: number;
  unreadablePacks: string[];
}
