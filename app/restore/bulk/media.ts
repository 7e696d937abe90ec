/**
 * Media for a bulk batch, resolved many products at a time: the regular
 * resolver (../media.ts: CDN probe, else the backed-up bytes through a staged
 * upload) is handed the pending files of several products at once, so one
 * stagedUploadsCreate (10 points) serves up to MEDIA_PER_CALL files instead
 * of one call per product. For a batch of re-created products that is most
 * of the bucket the bulk path still spends.
 */
import { resolveMedia, type MediaDeps } from "../media";
import type { JsonObject, PendingMedia } from "../types";

/** Files per stagedUploadsCreate call (a cautious batch; Shopify documents no maximum). */
export const MEDIA_PER_CALL = 50;

export interface MediaJob {
  files: JsonObject[];
  pending: PendingMedia[];
}

/** Fills `originalSource` in every job's files, MEDIA_PER_CALL pending files per resolver call, `width` calls at once. */
export async function resolveMediaBatched(jobs: MediaJob[], deps: MediaDeps, width = 8): Promise<void> {
  const groups: { owner: JsonObject[]; index: number; m: PendingMedia }[][] = [[]];
  for (const job of jobs) {
    for (const m of job.pending) {
      if (groups[groups.length - 1].length >= MEDIA_PER_CALL) groups.push([]);
      groups[groups.length - 1].push({ owner: job.files, index: m.index, m });
    }
  }
  let next = 0;
  const worker = async () => {
    for (let g = next++; g < groups.length; g = next++) {
      const group = groups[g];
      if (!group.length) continue;
      // One combined file list; each pending entry points at its own slot, copied back once resolved.
      const files = group.map((e) => e.owner[e.index]);
      await resolveMedia(files, group.map((e, i) => ({ ...e.m, index: i })), deps);
      group.forEach((e, i) => (e.owner[e.index] = files[i]));
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, groups.length) }, worker));
}
