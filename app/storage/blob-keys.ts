import { SnapshelfError } from "~/errors";

/**
 * Object keys are "/"-separated paths such as "shops/x/packs/ab/ab12…". The
 * local store turns them into file paths and GCS into object names, so both
 * accept the same keys: a key that works on one backend must work on the other.
 */

/** Prefix of the local store's in-flight temp files; keys may not use it. */
export const TEMP_PREFIX = ".snapshelf-tmp-";

/** A key or prefix the stores refuse; a bug in the caller, not a storage fault. */
export class InvalidKeyError extends SnapshelfError {}

/** Why `key` is not a valid object key, or undefined when it is. */
export function keyProblem(key: string): string | undefined {
  if (key.length === 0) return "key is empty";
  if (key.startsWith("/")) return "key must be relative (no leading /)";
  if (key.includes("\\")) return "key must use / as separator, not \\";
  if (key.includes("\0")) return "key must not contain NUL";
  const segments = key.split("/");
  for (const segment of segments) {
    if (segment === "") return "key has an empty segment (// or trailing /)";
    if (segment === "." || segment === "..") return `key has a "${segment}" segment`;
    if (segment.startsWith(TEMP_PREFIX)) return `key segment must not start with ${TEMP_PREFIX}`;
  }
  if (Buffer.byteLength(key) > 1024) return "key is longer than 1024 bytes";
  return undefined;
}

/** Throws InvalidKeyError unless `key` is a valid object key. */
export function assertValidKey(key: string): void {
  const problem = keyProblem(key);
  if (problem) throw new InvalidKeyError(`Invalid object key ${JSON.stringify(key)}: ${problem}`, { key });
}

/**
 * Throws unless `prefix` is a valid list prefix: "" or the start of a valid key
 * (it may end in "/" or mid-segment, but never climb out of the store's root).
 */
export function assertValidPrefix(prefix: string): void {
  if (prefix === "") return;
  // Only the whole segments before the last "/" become directory names; the
  // partial last segment just filters names, so ".." there cannot escape.
  // A dummy last segment lets the key rules check the directory part.
  const probe = `${prefix.slice(0, prefix.lastIndexOf("/") + 1)}x`;
  const problem = keyProblem(probe);
  if (problem) {
    throw new InvalidKeyError(`Invalid list prefix ${JSON.stringify(prefix)}: ${problem.replace(/^key/, "prefix")}`, {
      prefix,
    });
  }
}

/** Throws InvalidKeyError unless offset and length describe a valid byte range. */
export function assertValidRange(key: string, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new InvalidKeyError(`Invalid range offset=${offset} length=${length} for ${key}`, { key, offset, length });
  }
}
