/**
 * Repository format constants and object key layout. docs/repository-format.md
 * is the specification; change both together and bump FORMAT_VERSION when the
 * bytes change.
 */
export const FORMAT_VERSION = 3;
export const FORMAT_NAME = "snapshelf-repository";

/** 8-byte magic at the very end of every pack (after the header length). */
export const PACK_MAGIC = Buffer.from("SSPACK01", "ascii");

/**
 * Block kinds, stored as one byte in pack headers. `subject` (one block per
 * subject, sealed with its key) is written by formats 1–2 and still read;
 * format 3 writes `sealedRecords`: shared blocks whose records are each
 * sealed under their subject's key (subject-record.ts).
 */
export const BlockKind = { data: 1, manifest: 2, subject: 3, sealedRecords: 4 } as const;
export type BlockKindValue = (typeof BlockKind)[keyof typeof BlockKind];

/** Record ids are full HMAC-SHA256 outputs; the in-memory index keeps a prefix. */
export const ID_BYTES = 32;
export const KEY_REF_BYTES = 32;

/** Tunables with their production defaults; tests shrink them to exercise boundaries. */
export interface RepositoryTuning {
  /** Uncompressed bytes after which a block is sealed (~1 MB). */
  blockTargetBytes: number;
  /**
   * Stored bytes after which a pack is finished and uploaded. A writer holds
   * about two packs (one filling, one uploading) plus the header while
   * finishing one: 8 MB keeps that near 20 MB (12 MB cost ~30 MB at peak).
   */
  packTargetBytes: number;
  /** Average manifest entries per page (content-defined boundary modulus). */
  pageAverageEntries: number;
  /** Hard cap of manifest entries per page. */
  pageMaxEntries: number;
  /** zstd level; 3 is zstd's default and runs at several hundred MB/s. */
  zstdLevel: number;
  /** Manifest entries sorted in memory before spilling a run to a temp file. */
  sortRunEntries: number;
  /** Directory for manifest sort runs (defaults to the OS temp dir). */
  tmpDir?: string;
  /** Lease lifetime; renewed every third of it while work is in progress. */
  leaseTtlMs: number;
  /** Bytes of decrypted blocks kept for reads. */
  blockCacheBytes: number;
  /** Write a fresh base manifest once the delta would exceed this fraction of the base. */
  deltaRebaseRatio: number;
  /** Worker threads for hashing and sealing during writes; 0 runs them inline; default: cores − 1 (max 4). */
  workers?: number;
  /** Canonical bytes per hashing batch handed to a worker. */
  hashBatchBytes: number;
}

export const DEFAULT_TUNING: RepositoryTuning = {
  blockTargetBytes: 1 << 20,
  packTargetBytes: 8 << 20,
  pageAverageEntries: 512,
  pageMaxEntries: 4096,
  zstdLevel: 3,
  sortRunEntries: 100_000,
  leaseTtlMs: 5 * 60_000,
  // A kept handle holds its cache between incremental jobs, full of the 1 MB blocks its parent
  // reads decoded; on a large store those reads are random (one block per edited product) and
  // rarely hit, so 32 MB bought memory, not speed.
  blockCacheBytes: 16 << 20,
  deltaRebaseRatio: 0.2,
  hashBatchBytes: 256 << 10,
};

/** Object keys of one shop's repository, all under `shops/<shop>/`. */
export function layout(shop: string) {
  const root = `shops/${shop}/`;
  return {
    root,
    config: `${root}config`,
    packPrefix: `${root}packs/`,
    pack: (packId: string) => `${root}packs/${packId.slice(0, 2)}/${packId}`,
    packIdFromKey: (key: string) => key.slice(key.lastIndexOf("/") + 1),
    indexPrefix: `${root}index/`,
    index: (indexId: string) => `${root}index/${indexId}`,
    snapshotPrefix: `${root}snapshots/`,
    snapshot: (snapshotId: string) => `${root}snapshots/${snapshotId}`,
    lockPrefix: `${root}locks/`,
    lock: (sequence: number) => `${root}locks/${String(sequence).padStart(12, "0")}`,
    /** Format 1: one object per subject key, `keys/subjects/<name>/<keyId>` (still read). */
    subjectPrefix: `${root}keys/subjects/`,
    subjectKeys: (subjectName: string) => `${root}keys/subjects/${subjectName}/`,
    subjectKey: (subjectName: string, keyId: string) => `${root}keys/subjects/${subjectName}/${keyId}`,
    /** Format 2: subject keys stored in sets, `keys/sets/<keyId>`. */
    subjectKeySetPrefix: `${root}keys/sets/`,
    subjectKeySet: (keyId: string) => `${root}keys/sets/${keyId}`,
  };
}
export type Layout = ReturnType<typeof layout>;

const SHOP_PATTERN = /^[a-z0-9][a-z0-9.-]{0,254}$/;

/** True for shop identifiers safe to embed in object keys (e.g. "demo.myshopify.com"). */
export function isValidShop(shop: string): boolean {
  return SHOP_PATTERN.test(shop) && !shop.includes("..");
}
