import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { Storage, type File, type GetFilesOptions } from "@google-cloud/storage";
import { ConflictError, NotFoundError, RetryableError, SnapshelfError } from "~/errors";
import type { BlobInfo, BlobStore, PutOptions } from "./blob-store";
import { assertValidKey, assertValidPrefix, assertValidRange } from "./blob-keys";

export interface GcsBlobStoreOptions {
  bucket: string;
  /** Folder inside the bucket ("" for the bucket root); a trailing "/" is implied. */
  prefix?: string;
  /** A configured client (tests point it at the emulator); default: `new Storage()`. */
  storage?: Storage;
  /** Objects per list request; GCS caps it at 1000. */
  pageSize?: number;
}

/**
 * Custom-metadata field holding a random id per create-only write. A create
 * whose response was lost is retried by the client and then meets its own
 * object (412); the id tells "I won earlier" apart from "someone else won".
 */
export const WRITER_METADATA_KEY = "snapshelf-writer";

const RETRYABLE_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ERR_STREAM_PREMATURE_CLOSE",
  "UND_ERR_SOCKET",
]);

interface GcsErrorShape {
  code?: number | string;
  status?: number;
  response?: { status?: number; statusCode?: number; headers?: Record<string, unknown> };
}

/** The HTTP status of a client error, whichever field the library put it in. */
export function httpStatus(error: unknown): number | undefined {
  const e = (error ?? {}) as GcsErrorShape;
  const candidates = [e.code, e.status, e.response?.status, e.response?.statusCode];
  for (const c of candidates) {
    const n = typeof c === "string" && /^\d{3}$/.test(c) ? Number(c) : c;
    if (typeof n === "number" && n >= 100 && n < 600) return n;
  }
  return undefined;
}

function retryAfterMs(error: unknown): number | undefined {
  const header = (error as GcsErrorShape | undefined)?.response?.headers?.["retry-after"];
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** Maps a client error to the error hierarchy (404, 412, retryable network/5xx). */
export function mapGcsError(error: unknown, op: string, key: string): Error {
  if (error instanceof SnapshelfError) return error;
  const status = httpStatus(error);
  const code = (error as GcsErrorShape | undefined)?.code;
  const context = { op, key, status, code };
  if (status === 404) return new NotFoundError(`No object at ${key}`, context, { cause: error });
  if (status === 412) return new ConflictError(`Object already exists at ${key}`, context, { cause: error });
  const transient =
    (status !== undefined && (status === 408 || status === 429 || status >= 500)) ||
    (typeof code === "string" && (RETRYABLE_CODES.has(code.toUpperCase()) || code.startsWith("UND_ERR_")));
  if (transient) {
    return new RetryableError(`GCS ${op} of ${key} failed (${status ?? code})`, context, {
      cause: error,
      retryAfterMs: retryAfterMs(error),
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new SnapshelfError(`GCS ${op} of ${key} failed (${status ?? code ?? "error"}): ${detail}`, context, {
    cause: error,
  });
}

function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? "").replace(/^\/+|\/+$/g, "");
  if (trimmed === "") return "";
  assertValidKey(trimmed);
  return `${trimmed}/`;
}

/** Reads a byte range, noting whether the server honoured the Range header. */
function readRange(file: File, start: number, end: number): Promise<{ data: Buffer; status: number | undefined }> {
  return new Promise((resolveRead, reject) => {
    const chunks: Buffer[] = [];
    let status: number | undefined;
    file
      .createReadStream({ start, end, validation: false })
      .on("response", (response: IncomingMessage) => {
        status = response.statusCode;
      })
      .on("data", (chunk: Buffer) => chunks.push(chunk))
      .on("error", reject)
      .on("end", () => resolveRead({ data: Buffer.concat(chunks), status }));
  });
}

/**
 * A BlobStore on a Google Cloud Storage bucket. Uploads are single requests
 * (objects are at most a pack, tens of MB) so a write is all-or-nothing;
 * create-only writes carry `ifGenerationMatch=0`, which GCS enforces atomically.
 */
export function createGcsBlobStore(options: GcsBlobStoreOptions): BlobStore {
  const storage = options.storage ?? new Storage();
  const bucket = storage.bucket(options.bucket);
  const root = normalizePrefix(options.prefix);
  const pageSize = options.pageSize ?? 1000;

  const fileOf = (key: string): File => {
    assertValidKey(key);
    return bucket.file(root + key);
  };

  const infoOf = (key: string, file: File): BlobInfo => ({
    key,
    size: Number(file.metadata.size ?? 0),
    createdAt: new Date(String(file.metadata.timeCreated ?? 0)),
  });

  async function put(key: string, data: Uint8Array, putOptions?: PutOptions): Promise<void> {
    const file = fileOf(key);
    const ifAbsent = putOptions?.ifAbsent === true;
    const writer = randomUUID();
    try {
      await file.save(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
        resumable: false,
        contentType: "application/octet-stream",
        metadata: ifAbsent ? { metadata: { [WRITER_METADATA_KEY]: writer } } : undefined,
        preconditionOpts: ifAbsent ? { ifGenerationMatch: 0 } : undefined,
      });
    } catch (error) {
      const mapped = mapGcsError(error, "put", key);
      if (mapped instanceof ConflictError && (await writtenBy(file, writer))) return;
      throw mapped;
    }
  }

  /** Whether the object now at `file` is the one this writer created. */
  async function writtenBy(file: File, writer: string): Promise<boolean> {
    try {
      const [metadata] = await file.getMetadata();
      return metadata.metadata?.[WRITER_METADATA_KEY] === writer;
    } catch (_error) {
      // Gone again or unreadable: it was still someone else's when we tried.
      return false;
    }
  }

  async function get(key: string): Promise<Uint8Array> {
    const file = fileOf(key);
    try {
      const [data] = await file.download();
      return data;
    } catch (error) {
      throw mapGcsError(error, "get", key);
    }
  }

  async function getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    const file = fileOf(key);
    assertValidRange(key, offset, length);
    if (length === 0) {
      if (!(await stat(key))) throw new NotFoundError(`No object at ${key}`, { key });
      return new Uint8Array(0);
    }
    try {
      const { data, status } = await readRange(file, offset, offset + length - 1);
      // A 200 means the server sent the whole object (the emulator does that
      // for a range past the end), so cut the range out here.
      return status === 200 ? data.subarray(offset, offset + length) : data;
    } catch (error) {
      // 416: the object exists but the range starts at or past its end.
      if (httpStatus(error) === 416) return new Uint8Array(0);
      throw mapGcsError(error, "getRange", key);
    }
  }

  async function stat(key: string): Promise<BlobInfo | undefined> {
    const file = fileOf(key);
    try {
      await file.getMetadata();
      return infoOf(key, file);
    } catch (error) {
      if (httpStatus(error) === 404) return undefined;
      throw mapGcsError(error, "stat", key);
    }
  }

  async function* list(prefix: string): AsyncIterable<BlobInfo> {
    assertValidPrefix(prefix);
    let query: GetFilesOptions | undefined = { prefix: root + prefix, autoPaginate: false, maxResults: pageSize };
    while (query) {
      let files: File[];
      let next: Partial<GetFilesOptions> | null;
      try {
        [files, next] = await bucket.getFiles(query);
      } catch (error) {
        throw mapGcsError(error, "list", prefix);
      }
      for (const file of files) {
        // Console-made "folder" placeholders end in "/" and are not objects of ours.
        if (!file.name.endsWith("/")) yield infoOf(file.name.slice(root.length), file);
      }
      query = next?.pageToken ? { ...query, pageToken: next.pageToken } : undefined;
    }
  }

  async function del(key: string): Promise<void> {
    const file = fileOf(key);
    try {
      await file.delete({ ignoreNotFound: true });
    } catch (error) {
      throw mapGcsError(error, "delete", key);
    }
  }

  return { url: `gs://${options.bucket}/${root}`, put, get, getRange, stat, list, delete: del };
}
