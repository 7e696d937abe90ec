import { randomBytes } from "node:crypto";
import { constants, type Dirent } from "node:fs";
import { link, mkdir, open, readFile, readdir, rename, stat, unlink } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { ConflictError, NotFoundError, RetryableError, SnapshelfError } from "~/errors";
import type { BlobInfo, BlobStore, PutOptions } from "./blob-store";
import { TEMP_PREFIX, assertValidKey, assertValidPrefix, assertValidRange } from "./blob-keys";

/** Errors that say "no such object" when they come from reading a key's path. */
const ABSENT_CODES = new Set(["ENOENT", "ENOTDIR", "EISDIR"]);
/** Errors worth retrying: the disk was busy or full for a moment. */
const TRANSIENT_CODES = new Set(["EAGAIN", "EBUSY", "EMFILE", "ENFILE", "ENOSPC", "EINTR"]);

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Turns an fs error into the error hierarchy, keeping the cause. */
function storageError(error: unknown, op: string, key: string): Error {
  if (error instanceof SnapshelfError) return error;
  const code = errnoCode(error);
  const context = { op, key, code };
  if (op === "put" && (code === "ENOTDIR" || code === "EEXIST" || code === "EISDIR")) {
    // Object stores allow "a" and "a/b" side by side; a folder cannot.
    return new SnapshelfError(`Cannot store ${key}: a parent or child path is already an object`, context, {
      cause: error,
    });
  }
  if (code && ABSENT_CODES.has(code)) return new NotFoundError(`No object at ${key}`, context, { cause: error });
  if (code && TRANSIENT_CODES.has(code)) {
    return new RetryableError(`Local storage ${op} of ${key} failed (${code})`, context, { cause: error });
  }
  return new SnapshelfError(`Local storage ${op} of ${key} failed (${code ?? String(error)})`, context, { cause: error });
}

/** fsync on a directory makes a rename, link or new entry in it durable. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Creates `dir` and syncs the parents of every directory it had to create. */
async function ensureDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  const created: string[] = [];
  for (let d = dir; d.length >= first.length; d = dirname(d)) created.push(d);
  for (const d of created) await syncDir(dirname(d));
}

/** Writes `data` to a fresh temp file in `dir`, fsynced; returns its path. */
async function writeTemp(dir: string, data: Uint8Array): Promise<string> {
  const tempPath = join(dir, `${TEMP_PREFIX}${randomBytes(8).toString("hex")}`);
  const handle = await open(tempPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    let written = 0;
    while (written < data.length) {
      const { bytesWritten } = await handle.write(data, written, data.length - written);
      written += bytesWritten;
    }
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return tempPath;
}

/** Sorts directory entries so a depth-first walk yields keys in key order. */
function keyOrder(entries: Dirent[]): Dirent[] {
  // A directory's keys all start with "name/", so it sorts as "name/":
  // otherwise "a/b" would come out before "a-c" ("-" < "/").
  const sortKey = (e: Dirent) => (e.isDirectory() ? `${e.name}/` : e.name);
  return entries
    .map((e) => ({ e, k: sortKey(e) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map(({ e }) => e);
}

/**
 * A BlobStore on a local folder. Every put writes a temp file beside the target,
 * fsyncs it, then renames (overwrite) or hard-links (create-only) it into place
 * and fsyncs the folder, so a crash leaves the old object or the new one, never
 * a torn one. link() fails with EEXIST when the target exists, which makes
 * create-only atomic even between processes.
 */
export function createLocalBlobStore(rootDir: string): BlobStore {
  const root = resolve(rootDir);

  const pathOf = (key: string): string => {
    assertValidKey(key);
    const path = join(root, ...key.split("/"));
    // Belt and braces: the key rules already forbid climbing out of the root.
    if (!path.startsWith(root + sep)) throw new SnapshelfError(`Key ${key} escapes ${root}`, { key });
    return path;
  };

  const place = async (tempPath: string, path: string, key: string, ifAbsent: boolean): Promise<void> => {
    if (!ifAbsent) {
      await rename(tempPath, path);
      return;
    }
    try {
      await link(tempPath, path);
    } catch (error) {
      if (errnoCode(error) === "EEXIST") throw new ConflictError(`Object already exists at ${key}`, { key });
      throw error;
    } finally {
      await unlink(tempPath).catch(() => undefined);
    }
  };

  async function put(key: string, data: Uint8Array, options?: PutOptions): Promise<void> {
    const path = pathOf(key);
    const dir = dirname(path);
    try {
      await ensureDir(dir);
      const tempPath = await writeTemp(dir, data);
      await place(tempPath, path, key, options?.ifAbsent === true);
      await syncDir(dir);
    } catch (error) {
      throw storageError(error, "put", key);
    }
  }

  async function get(key: string): Promise<Uint8Array> {
    const path = pathOf(key);
    try {
      return new Uint8Array(await readFile(path));
    } catch (error) {
      throw storageError(error, "get", key);
    }
  }

  async function getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    const path = pathOf(key);
    assertValidRange(key, offset, length);
    try {
      const handle = await open(path, constants.O_RDONLY);
      try {
        const info = await handle.stat();
        if (!info.isFile()) throw new NotFoundError(`No object at ${key}`, { key });
        const size = info.size;
        const wanted = Math.max(0, Math.min(length, size - offset));
        const buffer = new Uint8Array(wanted);
        let filled = 0;
        while (filled < wanted) {
          const { bytesRead } = await handle.read(buffer, filled, wanted - filled, offset + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return filled === wanted ? buffer : buffer.subarray(0, filled);
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw storageError(error, "getRange", key);
    }
  }

  async function statKey(key: string): Promise<BlobInfo | undefined> {
    const path = pathOf(key);
    try {
      const info = await stat(path);
      if (!info.isFile()) return undefined;
      return { key, size: info.size, createdAt: info.mtime };
    } catch (error) {
      if (ABSENT_CODES.has(errnoCode(error) ?? "")) return undefined;
      throw storageError(error, "stat", key);
    }
  }

  /** Yields the files under `dir` (whose key prefix is `keyPrefix`) in key order. */
  async function* walk(dir: string, keyPrefix: string, namePrefix: string): AsyncGenerator<BlobInfo> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      // A folder deleted or never created while we list is just empty.
      if (ABSENT_CODES.has(errnoCode(error) ?? "")) return;
      throw storageError(error, "list", keyPrefix);
    }
    for (const entry of keyOrder(entries)) {
      if (!entry.name.startsWith(namePrefix) || entry.name.startsWith(TEMP_PREFIX)) continue;
      const key = keyPrefix + entry.name;
      if (entry.isDirectory()) {
        yield* walk(join(dir, entry.name), `${key}/`, "");
      } else if (entry.isFile()) {
        const info = await statKey(key);
        if (info) yield info;
      }
    }
  }

  async function* list(prefix: string): AsyncIterable<BlobInfo> {
    assertValidPrefix(prefix);
    const cut = prefix.lastIndexOf("/") + 1;
    const dirKey = prefix.slice(0, cut);
    const dir = dirKey === "" ? root : join(root, ...dirKey.slice(0, -1).split("/"));
    yield* walk(dir, dirKey, prefix.slice(cut));
  }

  async function del(key: string): Promise<void> {
    const path = pathOf(key);
    try {
      await unlink(path);
    } catch (error) {
      // EISDIR: the path is a folder of other keys, so this key is absent.
      if (ABSENT_CODES.has(errnoCode(error) ?? "")) return;
      throw storageError(error, "delete", key);
    }
  }

  return { url: pathToFileURL(root).href, put, get, getRange, stat: statKey, list, delete: del };
}
