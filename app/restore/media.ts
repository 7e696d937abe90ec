/**
 * Media sources for productSet `files`: the original CDN URL while it still
 * serves the backed-up bytes, else the backed-up bytes uploaded through
 * stagedUploadsCreate (PUT) and referenced by the target's resourceUrl.
 */
import { createHash } from "node:crypto";
import { IntegrityError, RetryableError } from "~/errors";
import type { Repository } from "~/repo";
import type { AdminClient } from "~/shopify/admin-client";
import * as Q from "~/shopify/queries/restore-products";
import { ShopifyGraphQLError } from "~/shopify/errors";
import type { JsonObject, PendingMedia } from "./types";

export interface MediaDeps {
  client: AdminClient;
  repository: Repository;
  snapshotId: string;
  download: typeof fetch;
  signal?: AbortSignal;
  /** Upload the backed-up bytes even when the old URL still serves them: a clone must not depend on the source shop's CDN. */
  uploadAlways?: boolean;
  /** Counts uploads (report, tests). */
  stats?: { reused: number; uploaded: number };
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

async function stillServed(m: PendingMedia, deps: MediaDeps): Promise<boolean> {
  if (!m.url) return false;
  try {
    const response = await deps.download(m.url, { signal: deps.signal });
    if (!response.ok) return false;
    const bytes = Buffer.from(await response.arrayBuffer());
    // A URL that now serves other bytes is as good as gone.
    return m.sha256 === null || sha256(bytes) === m.sha256;
  } catch (error) {
    if (deps.signal?.aborted) throw error;
    return false;
  }
}

function extension(contentType: string): string {
  return ({ "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp" } as Record<string, string>)[contentType] ?? "bin";
}

/** Fills `originalSource` of each pending file in `files` (uploading bytes where needed). */
export async function resolveMedia(files: JsonObject[], pending: PendingMedia[], deps: MediaDeps): Promise<void> {
  const uploads: { m: PendingMedia; bytes: Buffer; contentType: string }[] = [];
  for (const m of pending) {
    if (!deps.uploadAlways && (await stillServed(m, deps))) {
      files[m.index] = { ...files[m.index], originalSource: m.url };
      if (deps.stats) deps.stats.reused += 1;
      continue;
    }
    if (!m.sha256) throw new IntegrityError("Media is gone from the CDN and its bytes were not backed up", { media: m.mediaGid });
    const blob = (await deps.repository.getRecord(deps.snapshotId, "MediaBlob", `sha256:${m.sha256}`))?.record;
    if (!blob || typeof blob.data !== "string") throw new IntegrityError("Backed-up media bytes are missing from the snapshot", { media: m.mediaGid, sha256: m.sha256 });
    const bytes = Buffer.from(blob.data, "base64");
    if (sha256(bytes) !== m.sha256) throw new IntegrityError("Backed-up media bytes do not match their hash", { media: m.mediaGid });
    uploads.push({ m, bytes, contentType: String(blob.contentType ?? m.contentType ?? "application/octet-stream") });
  }
  if (uploads.length === 0) return;
  const { data } = await deps.client.request<{ stagedUploadsCreate: { stagedTargets: { url: string; resourceUrl: string; parameters: { name: string; value: string }[] }[] | null; userErrors: JsonObject[] } }>(
    Q.RESTORE_STAGED_UPLOADS,
    {
      input: uploads.map((u) => ({
        resource: "IMAGE",
        filename: `${u.m.mediaGid.split("/").pop()}.${extension(u.contentType)}`,
        mimeType: u.contentType,
        httpMethod: "PUT",
        fileSize: String(u.bytes.length),
      })),
    },
    { signal: deps.signal },
  );
  const targets = data.stagedUploadsCreate.stagedTargets;
  if (!targets || data.stagedUploadsCreate.userErrors.length) {
    throw new ShopifyGraphQLError(data.stagedUploadsCreate.userErrors.map((e) => ({ message: String(e.message) })), { step: "stagedUploadsCreate" });
  }
  await Promise.all(
    uploads.map(async (u, i) => {
      const target = targets[i];
      // PUT targets carry their required headers as parameters.
      const headers: Record<string, string> = { "Content-Type": u.contentType };
      for (const p of target.parameters) if (p.name.toLowerCase() === "content_type") headers["Content-Type"] = p.value;
      const response = await deps.download(target.url, { method: "PUT", body: new Uint8Array(u.bytes), headers, signal: deps.signal });
      if (!response.ok) throw new RetryableError(`Staged upload answered HTTP ${response.status}`, { media: u.m.mediaGid });
      files[u.m.index] = { ...files[u.m.index], originalSource: target.resourceUrl };
      if (deps.stats) deps.stats.uploaded += 1;
    }),
  );
}
