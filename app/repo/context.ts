import type { BlobStore } from "~/storage/blob-store";
import type { KeyProvider } from "~/keys/key-provider";
import type { Layout, RepositoryTuning } from "./format";
import type { RecordIndex } from "./record-index";
import type { SubjectKeys } from "./subject-keys";
import type { BlockCache } from "./block-reader";
import type { SnapshotInfo, SnapshotSummary } from "./types";

/** Keys and caches available once the repository is opened. */
export interface Session {
  repoId: string;
  dataKey: Buffer;
  hashKey: Buffer;
  subjectWrapKey: Buffer;
  subjects: SubjectKeys;
  blockCache: BlockCache;
  /** Loaded lazily; dropped after a failed write so stale entries never survive. */
  index?: RecordIndex;
  /** Index objects already merged into `index`. */
  indexIds?: Set<string>;
  /** Whole-snapshot scans running (readSnapshot): while any runs, decoded blocks count towards a collection (gc-hint.ts). */
  scans?: number;
  /** A few snapshots' metadata for point reads (snapshotInfoForReads); gone with the session. */
  snapshotInfos?: Map<string, SnapshotInfo>;
}

/** Everything an operation needs; passed to each operation module. */
export interface RepoContext {
  store: BlobStore;
  keys: KeyProvider;
  shop: string;
  now: () => Date;
  tuning: RepositoryTuning;
  layout: Layout;
  session?: Session;
  /** Summaries of snapshots read so far, of repository `repoId` (listSnapshotSummaries); kept across sessions. */
  summaries?: { repoId: string; byId: Map<string, SnapshotSummary> };
}
