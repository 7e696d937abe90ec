import { ConflictError, NotFoundError } from "~/errors";
import type { BlobInfo, BlobStore, PutOptions } from "./blob-store";

interface StoredBlob {
  data: Uint8Array;
  createdAt: Date;
}

/**
 * A BlobStore held in process memory, for tests and throwaway repositories.
 * It keeps the port's promises honestly (copies in and out, create-only
 * conflicts, key-ordered listing) so code that passes here is not relying on
 * looser semantics than the real stores give.
 */
export function createMemoryBlobStore(options: { now?: () => Date } = {}): BlobStore {
  const now = options.now ?? (() => new Date());
  const blobs = new Map<string, StoredBlob>();

  const need = (key: string): StoredBlob => {
    const blob = blobs.get(key);
    if (!blob) throw new NotFoundError(`No object at ${key}`, { key });
    return blob;
  };

  return {
    url: "memory://",
    async put(key: string, data: Uint8Array, putOptions?: PutOptions): Promise<void> {
      if (putOptions?.ifAbsent && blobs.has(key)) {
        throw new ConflictError(`Object already exists at ${key}`, { key });
      }
      blobs.set(key, { data: Uint8Array.from(data), createdAt: now() });
    },
    async get(key: string): Promise<Uint8Array> {
      return Uint8Array.from(need(key).data);
    },
    async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
      const { data } = need(key);
      // Like a file or an HTTP range read: a range past the end comes back short.
      return Uint8Array.from(data.subarray(offset, offset + length));
    },
    async stat(key: string): Promise<BlobInfo | undefined> {
      const blob = blobs.get(key);
      return blob ? { key, size: blob.data.length, createdAt: blob.createdAt } : undefined;
    },
    async *list(prefix: string): AsyncIterable<BlobInfo> {
      // Snapshot the matching keys first so deletes during iteration are safe.
      const keys = [...blobs.keys()].filter((k) => k.startsWith(prefix)).sort();
      for (const key of keys) {
        const blob = blobs.get(key);
        if (blob) yield { key, size: blob.data.length, createdAt: blob.createdAt };
      }
    },
    async delete(key: string): Promise<void> {
      blobs.delete(key);
    },
  };
}
