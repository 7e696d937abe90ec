import { isAbsolute } from "node:path";
import { fileURLToPath } from "node:url";
import { UserFacingError } from "~/errors";
import type { BlobStore } from "./blob-store";
import { keyProblem } from "./blob-keys";
import { createLocalBlobStore } from "./local-blob-store";

/** Where a repository lives, parsed from its storage URL. */
export type StorageLocation = { kind: "file"; path: string } | { kind: "gcs"; bucket: string; prefix: string };

export type ParsedStorageUrl = { ok: true; location: StorageLocation } | { ok: false; problem: string };

const ACCEPTED_FORMS = "file:///absolute/path or gs://bucket[/prefix]";

// GCS bucket naming rules (https://cloud.google.com/storage/docs/buckets#naming),
// minus dotted domain-style names, which need domain verification anyway.
const BUCKET_PATTERN = /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/;

function parseFileUrl(url: string): ParsedStorageUrl {
  // "file:relative" and "file://host/x" parse as URLs but name no local folder.
  if (!/^file:\/\/(localhost)?\//i.test(url)) {
    return { ok: false, problem: `"${url}" must be file:///absolute/path (three slashes, no host)` };
  }
  let path: string;
  try {
    const parsed = new URL(url);
    if (parsed.search || parsed.hash) return { ok: false, problem: `"${url}" must not have a query or fragment` };
    path = fileURLToPath(parsed);
  } catch (error) {
    return { ok: false, problem: `"${url}" is not a valid file URL (${(error as Error).message})` };
  }
  if (!isAbsolute(path)) return { ok: false, problem: `"${url}" must name an absolute folder` };
  return { ok: true, location: { kind: "file", path } };
}

function parseGsUrl(url: string): ParsedStorageUrl {
  const match = /^gs:\/\/([^/?#]*)(?:\/([^?#]*))?$/.exec(url);
  if (!match) return { ok: false, problem: `"${url}" must be gs://bucket or gs://bucket/prefix, without query or fragment` };
  const bucket = match[1];
  if (!BUCKET_PATTERN.test(bucket) || bucket.includes("--")) {
    return {
      ok: false,
      problem: `"${url}": bucket "${bucket}" is not a valid GCS bucket name (3-63 lowercase letters, digits, - and _)`,
    };
  }
  let prefix: string;
  try {
    prefix = decodeURIComponent(match[2] ?? "").replace(/\/+$/, "");
  } catch {
    return { ok: false, problem: `"${url}": the prefix is not valid percent-encoding` };
  }
  const problem = prefix === "" ? undefined : keyProblem(prefix);
  if (problem) return { ok: false, problem: `"${url}": invalid prefix (${problem.replace(/^key/, "prefix")})` };
  return { ok: true, location: { kind: "gcs", bucket, prefix } };
}

/** Parses a storage URL (file:///abs/path or gs://bucket/prefix), returning the problem as text if it is invalid. */
export function parseStorageUrl(url: string): ParsedStorageUrl {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === "file") return parseFileUrl(url);
  if (scheme === "gs") return parseGsUrl(url);
  return { ok: false, problem: `unsupported storage URL "${url}": use ${ACCEPTED_FORMS}` };
}

/** The problem with a storage URL as one message, or undefined when it is valid (for config validation). */
export function validateStorageUrl(url: string): string | undefined {
  const parsed = parseStorageUrl(url);
  return parsed.ok ? undefined : parsed.problem;
}

/** Opens the BlobStore a storage URL names; UserFacingError for an invalid URL. */
export async function openBlobStore(url: string): Promise<BlobStore> {
  const parsed = parseStorageUrl(url);
  if (!parsed.ok) throw new UserFacingError(`Invalid storage URL: ${parsed.problem}`, { url });
  const { location } = parsed;
  if (location.kind === "file") return createLocalBlobStore(location.path);
  // Loaded on demand so local-only installs never pay for the GCS client.
  const { createGcsBlobStore } = await import("./gcs-blob-store");
  return createGcsBlobStore({ bucket: location.bucket, prefix: location.prefix });
}
