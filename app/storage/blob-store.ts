/**
 * BlobStore: the one port the snapshot repository writes through. Objects are
 * immutable byte strings addressed by a key such as "packs/ab/ab12…". Every
 * implementation runs the conformance suite in blob-store.conformance.ts.
 */
export interface BlobInfo {
  key: string;
  size: number;
  /** When the object was written; prune uses it to spare in-flight writers. */
  createdAt: Date;
}

export interface PutOptions {
  /**
   * Create-only: fail with ConflictError if the key already exists. Commit and
   * lock objects rely on this so two writers can never both succeed.
   */
  ifAbsent?: boolean;
}

export interface BlobStore {
  /** Human-readable location, e.g. "file:///var/snapshelf" or "gs://bucket/prefix". */
  readonly url: string;
  /** Writes the whole object atomically: readers see all of it or none of it. */
  put(key: string, data: Uint8Array, options?: PutOptions): Promise<void>;
  /** Reads a whole object; NotFoundError when absent. */
  get(key: string): Promise<Uint8Array>;
  /** Reads `length` bytes at `offset`; NotFoundError when absent. */
  getRange(key: string, offset: number, length: number): Promise<Uint8Array>;
  /** Object metadata, or undefined when absent. */
  stat(key: string): Promise<BlobInfo | undefined>;
  /** Lists objects whose key starts with `prefix`, in key order. */
  list(prefix: string): AsyncIterable<BlobInfo>;
  /** Deletes an object; deleting an absent key is not an error. */
  delete(key: string): Promise<void>;
}
